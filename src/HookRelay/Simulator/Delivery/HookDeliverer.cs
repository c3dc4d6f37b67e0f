using System.Net.Http.Headers;
using System.Threading.Channels;

namespace HookRelay.Simulator.Delivery;

/// <summary>
/// Delivers one hook's events as Okta does: batches of the events waiting, a POST with a timeout,
/// at most one retry (after a timeout, a 5xx or a transport error; never after a 4xx), then the
/// delivery is forgotten and an <c>event_hook.delivery</c> failure goes to the System Log.
/// Requests go out one at a time; the fault knobs reorder, delay and duplicate them.
/// </summary>
internal sealed class HookDeliverer(
    DeliveryTarget target,
    SimulatedDeliveryOptions options,
    SimulatedSystemLog log,
    SimulatedDeliveryStats stats,
    HttpClient http,
    TimeProvider timeProvider,
    Func<string> orgUrl,
    int seed)
{
    private readonly Channel<SimulatedLogEvent> _pending = Channel.CreateUnbounded<SimulatedLogEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SimulatedChance _chance = new(SimulatedChance.Derive(seed, target.Id));
    private DeliveryTarget _target = target;

    /// <summary>The hook as last registered: a changed URL or secret applies to the next request.</summary>
    public DeliveryTarget Target
    {
        get => Volatile.Read(ref _target);
        set => Volatile.Write(ref _target, value);
    }

    public void Enqueue(SimulatedLogEvent logEvent) => _pending.Writer.TryWrite(logEvent);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        List<SimulatedLogEvent>? held = null;
        try
        {
            while (true)
            {
                // A held-back batch waits for the next one, but not forever.
                var more = held is null
                    ? await _pending.Reader.WaitToReadAsync(cancellationToken)
                    : await WaitToReadAsync(options.BatchWindow * 4, cancellationToken);
                if (!more)
                {
                    if (held is null)
                    {
                        return;
                    }

                    await SendAsync(held, cancellationToken);
                    held = null;
                    continue;
                }

                var batch = Take();
                if (held is null && _chance.Roll(options.Reorder))
                {
                    held = batch;
                    continue;
                }

                await SendAsync(batch, cancellationToken);
                await SendAsync(held, cancellationToken);
                held = null;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The hook was removed or the org stops: pending events are lost, as at Okta.
        }
    }

    private async Task<bool> WaitToReadAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(limit);
        try
        {
            return await _pending.Reader.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private List<SimulatedLogEvent> Take()
    {
        var batch = new List<SimulatedLogEvent>();
        while (batch.Count < options.MaxBatchSize && _pending.Reader.TryRead(out var e))
        {
            batch.Add(e);
        }

        return batch;
    }

    private async Task SendAsync(List<SimulatedLogEvent>? batch, CancellationToken cancellationToken)
    {
        if (batch is not { Count: > 0 })
        {
            return;
        }

        var delay = _chance.Between(options.Delay, options.DelayMax);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
        }

        var hook = Target;
        var deliveryId = Guid.NewGuid().ToString();
        var body = OktaEnvelope.Build($"{orgUrl()}/api/v1/eventHooks/{hook.Id}", deliveryId, timeProvider.GetUtcNow(), batch);
        var attempt = await PostAsync(hook, body, cancellationToken);
        var attempts = 1;
        if (attempt.Retryable)
        {
            stats.CountRetry();
            await Task.Delay(options.RetryDelay, timeProvider, cancellationToken);
            attempt = await PostAsync(hook, body, cancellationToken);
            attempts = 2;
        }

        if (!attempt.Succeeded)
        {
            stats.CountFailed(batch.Count);
            var failure = DeliveryFailureEvent.Build(hook, deliveryId, batch, attempt, attempts, options.Timeout, timeProvider.GetUtcNow());
            log.AppendDocument(failure.Uuid, failure.EventType, failure.Published, failure.Json);
            return;
        }

        stats.CountDelivered(batch.Count);
        if (_chance.Roll(options.Duplicate) && (await PostAsync(hook, body, cancellationToken)).Succeeded)
        {
            stats.CountDuplicated();
        }
    }

    private async Task<DeliveryAttempt> PostAsync(DeliveryTarget hook, byte[] body, CancellationToken cancellationToken)
    {
        stats.CountRequest();
        using var timeout = new CancellationTokenSource(options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", "Okta-Integrations");
        foreach (var (key, value) in hook.Headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        request.Headers.TryAddWithoutValidation(hook.HeaderName, hook.Secret);
        try
        {
            // The default completion option reads the whole answer, so a slow body also times out.
            using var response = await http.SendAsync(request, linked.Token);
            return new DeliveryAttempt((int)response.StatusCode, false, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryAttempt(null, true, null);
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryAttempt(null, false, ex.Message);
        }
    }
}
