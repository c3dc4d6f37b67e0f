using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace HookRelay.Tests.Sinks.Nats;

/// <summary>A separate client that looks at (and prepares) the server the way an operator would.</summary>
internal sealed class JetStreamProbe : IAsyncDisposable
{
    private readonly NatsConnection _connection;

    private JetStreamProbe(NatsConnection connection)
    {
        _connection = connection;
        JetStream = new NatsJSContext(connection);
    }

    public NatsJSContext JetStream { get; }

    public static async Task<JetStreamProbe> ConnectAsync(string url)
    {
        var connection = new NatsConnection(NatsOpts.Default with { Url = url, ConnectTimeout = TimeSpan.FromSeconds(5), RequestTimeout = TimeSpan.FromSeconds(5) });
        await connection.ConnectAsync();
        return new JetStreamProbe(connection);
    }

    public async Task<StreamConfig?> FindStreamConfigAsync(string stream)
    {
        try
        {
            return (await JetStream.GetStreamAsync(stream)).Info.Config;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null;
        }
    }

    /// <summary>Every message in the stream, in stream order.</summary>
    public async Task<IReadOnlyList<StoredNatsMessage>> ReadAllAsync(string stream)
    {
        var count = (await JetStream.GetStreamAsync(stream)).Info.State.Messages;
        var messages = new List<StoredNatsMessage>();
        if (count == 0)
        {
            return messages;
        }

        var consumer = await JetStream.CreateOrderedConsumerAsync(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var msg in consumer.ConsumeAsync(NatsRawSerializer<byte[]>.Default, cancellationToken: timeout.Token))
        {
            string? msgId = null;
            msg.Headers?.TryGetLastValue("Nats-Msg-Id", out msgId);
            messages.Add(new StoredNatsMessage(msg.Metadata!.Value.Sequence.Stream, msg.Subject, msgId, msg.Data ?? []));
            if (messages.Count == count)
            {
                break;
            }
        }

        return messages;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
