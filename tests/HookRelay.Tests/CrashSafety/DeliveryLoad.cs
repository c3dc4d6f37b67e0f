using System.Collections.Concurrent;
using System.Net;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.CrashSafety;

/// <summary>
/// Concurrent loops that POST fresh two-event deliveries as fast as the server answers, and
/// remember the uuids of every delivery that was acknowledged with 204.
/// </summary>
public sealed class DeliveryLoad : IAsyncDisposable
{
    private static readonly TimeSpan PauseAfterError = TimeSpan.FromMilliseconds(10);

    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _acknowledgedUuids = new();
    private readonly ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly Task[] _loops;
    private int _acknowledgedDeliveries;

    private DeliveryLoad(Uri baseAddress, string secret, int concurrency)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) };
        _client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        _loops = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => RunAsync(secret)))];
    }

    public int AcknowledgedDeliveries => Volatile.Read(ref _acknowledgedDeliveries);

    public IReadOnlyList<string> AcknowledgedUuids => [.. _acknowledgedUuids];

    /// <summary>How often each outcome happened: status codes, or the kind of transport error.</summary>
    public IReadOnlyDictionary<string, int> Outcomes => new Dictionary<string, int>(_outcomes, StringComparer.Ordinal);

    public string Summary => string.Join(", ", _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}"));

    public static DeliveryLoad Start(Uri baseAddress, string secret, int concurrency) => new(baseAddress, secret, concurrency);

    /// <summary>Stops every loop; a request still in flight is abandoned and not counted as acknowledged.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(string secret)
    {
        while (!_stop.IsCancellationRequested)
        {
            var (body, uuids) = OktaPayloads.Fresh(2);
            using var request = RunningHookRelay.Delivery(body, secret);
            string outcome;
            try
            {
                using var response = await _client.SendAsync(request, _stop.Token);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    foreach (var uuid in uuids)
                    {
                        _acknowledgedUuids.Enqueue(uuid);
                    }

                    Interlocked.Increment(ref _acknowledgedDeliveries);
                }

                outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                outcome = "timeout";
            }
            catch (HttpRequestException ex)
            {
                outcome = $"error:{ex.HttpRequestError}";
            }

            _outcomes.AddOrUpdate(outcome, 1, (_, count) => count + 1);
            if (outcome.StartsWith("error", StringComparison.Ordinal) || outcome == "timeout")
            {
                await PauseAsync();
            }
        }
    }

    private async Task PauseAsync()
    {
        try
        {
            await Task.Delay(PauseAfterError, _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
