using System.Net;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Receiver;

/// <summary>Okta delivers at least once: a repeat is answered 204 and not stored twice.</summary>
public sealed class DuplicateTests : IAsyncLifetime
{
    private RunningHookRelay _server = null!;

    public async Task InitializeAsync() => _server = await RunningHookRelay.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Post_SameEnvelopeTwice_Returns204BothTimesAndStoresOnce()
    {
        var (body, _) = OktaPayloads.Fresh(2);

        using var first = await _server.PostAsync(body);
        using var second = await _server.PostAsync(body);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(1, StoreQueries.Scalar(_server.DatabasePath, "SELECT COUNT(*) FROM deliveries"));
        Assert.Equal(2, StoreQueries.EventCount(_server.DatabasePath));
    }

    [Fact]
    public async Task Post_SameEventsInNewEnvelope_StoresEventsOnce()
    {
        var uuids = new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() };
        var events = uuids.Select(u => OktaPayloads.Event(u)).ToList();

        using var first = await _server.PostAsync(OktaPayloads.Envelope(events));
        using var retry = await _server.PostAsync(OktaPayloads.Envelope(events));
        using var overlap = await _server.PostAsync(OktaPayloads.Envelope([events[1], OktaPayloads.Event("third-" + uuids[0])]));

        Assert.All([first, retry, overlap], r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal(3, StoreQueries.EventCount(_server.DatabasePath));
        Assert.Equal(3, StoreQueries.Scalar(_server.DatabasePath, "SELECT COUNT(*) FROM deliveries"));
    }

    [Fact]
    public async Task Post_ConcurrentDuplicates_AllAnswered204AndStoredOnce()
    {
        var (body, uuids) = OktaPayloads.Fresh(3);
        var otherEnvelope = OktaPayloads.Envelope(uuids.Select(u => OktaPayloads.Event(u)));

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => _server.PostAsync(i % 2 == 0 ? body : otherEnvelope)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal(3, StoreQueries.EventCount(_server.DatabasePath));
        Assert.Equal(2, StoreQueries.Scalar(_server.DatabasePath, "SELECT COUNT(*) FROM deliveries"));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Post_Duplicates_AreCountedInMetrics()
    {
        // A hook name of its own: parallel tests' servers share the process-wide "HookRelay" meter name.
        var hook = "dup-" + Guid.NewGuid().ToString("N")[..12];
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { [$"Hooks:{hook}:Secrets:0"] = TestSecrets.Primary });
        var (body, _) = OktaPayloads.Fresh(2);

        (await server.PostAsync(body, hook: hook)).Dispose();
        (await server.PostAsync(body, hook: hook)).Dispose();
        var metrics = await server.Client.GetStringAsync("/metrics");

        Assert.Matches($$"""hookrelay_deliveries_total\{[^}]*hook="{{hook}}",outcome="duplicate",status_code="204"\} 1\n""", metrics);
        Assert.Matches($$"""hookrelay_events_duplicate_total\{[^}]*hook="{{hook}}"\} 2\n""", metrics);
        Assert.Matches($$"""hookrelay_events_stored_total\{[^}]*hook="{{hook}}"\} 2\n""", metrics);
    }
}
