using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HookRelay.Operations;
using HookRelay.Storage;
using HookRelay.Storage.Sqlite;
using HookRelay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HookRelay.Tests.Storage;

/// <summary>A <see cref="SqliteEventStore"/> on a real file, without a host, with its commit sizes recorded.</summary>
internal sealed class StoreHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private bool _disposed;

    public StoreHarness(string folder, int maxPerCommit = 256, int busyTimeoutSeconds = 1)
    {
        Folder = folder;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Name == "hookrelay.commit.batch_size")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, size, _, _) => CommitSizes.Enqueue(size));
        _listener.Start();
        Store = new SqliteEventStore(
            new SqliteDatabase(new DataDirectory(folder), busyTimeoutSeconds),
            Options.Create(new StorageOptions { MaxDeliveriesPerCommit = maxPerCommit }),
            new HookRelayMetrics(meterFactory),
            TimeProvider.System,
            NullLogger<SqliteEventStore>.Instance);
    }

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "hookrelay.db");

    public SqliteEventStore Store { get; }

    public ConcurrentQueue<int> CommitSizes { get; } = new();

    public static ReceivedDelivery WithEvents(params string[] uuids) => WithEnvelope(Guid.NewGuid().ToString(), uuids);

    public static ReceivedDelivery WithEnvelope(string? envelopeId, params string[] uuids)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(OktaPayloads.Envelope(uuids.Select(u => OktaPayloads.Event(u)), envelopeId));
        return HookRelay.Receiver.DeliveryParser.Parse("okta", body, TimeProvider.System.GetUtcNow()).Delivery!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Store.DisposeAsync();
        _listener.Dispose();
        await _services.DisposeAsync();
    }
}
