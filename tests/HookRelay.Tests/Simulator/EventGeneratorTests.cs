using System.Globalization;
using System.Text.Json;
using HookRelay.Simulator.Generation;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Simulator;

/// <summary>The simulated org's own activity: realistic, eligible, repeatable for a seed.</summary>
public sealed class EventGeneratorTests
{
    private static readonly DateTimeOffset Start = new(2026, 8, 20, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Generate_SameSeed_SameEvents_OtherSeed_OtherEvents()
    {
        var first = Generate(seed: 7, count: 300);
        var again = Generate(seed: 7, count: 300);
        var other = Generate(seed: 8, count: 300);

        Assert.Equal(first.Select(e => e.Json), again.Select(e => e.Json));
        Assert.NotEqual(first.Select(e => e.Uuid), other.Select(e => e.Uuid));
        Assert.NotEqual(first.Select(e => e.EventType), other.Select(e => e.EventType));
    }

    [Fact]
    public void Generate_EveryEvent_IsALogEventOfAnEligibleType()
    {
        var events = Generate(seed: 11, count: 2000);

        Assert.Equal(events.Count, events.Select(e => e.Uuid).Distinct().Count());
        foreach (var e in events)
        {
            var json = JsonDocument.Parse(e.Json).RootElement;
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", json.GetProperty("uuid").GetString());
            Assert.Equal(e.Uuid, json.GetProperty("uuid").GetString());
            Assert.Equal(e.Published, DateTimeOffset.Parse(json.GetProperty("published").GetString()!, CultureInfo.InvariantCulture));
            Assert.True(EligibleEventTypes.Contains(json.GetProperty("eventType").GetString()!), json.GetProperty("eventType").GetString());
            Assert.Equal("0", json.GetProperty("version").GetString());
            Assert.Matches("^(INFO|WARN)$", json.GetProperty("severity").GetString());
            Assert.False(string.IsNullOrEmpty(json.GetProperty("displayMessage").GetString()));
            Assert.Matches("^(00u|0oa)[A-Za-z0-9]{17}$", json.GetProperty("actor").GetProperty("id").GetString());
            Assert.Matches("^(SUCCESS|FAILURE)$", json.GetProperty("outcome").GetProperty("result").GetString());
            Assert.NotEqual(0, json.GetProperty("target").GetArrayLength());
            Assert.Matches("^(WEB|JOB)$", json.GetProperty("transaction").GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(json.GetProperty("debugContext").GetProperty("debugData").GetProperty("requestId").GetString()));
            Assert.Equal(0, json.GetProperty("authenticationContext").GetProperty("authenticationStep").GetInt32());
            Assert.Equal(JsonValueKind.Object, json.GetProperty("securityContext").ValueKind);
            Assert.Equal(JsonValueKind.Object, json.GetProperty("client").ValueKind);
        }
    }

    [Fact]
    public void Generate_Mix_IsWeightedTowardsSignInsWithMembershipAndLifecycleChanges()
    {
        var counts = Generate(seed: 3, count: 5000).GroupBy(e => e.EventType).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal("user.session.start", counts.MaxBy(c => c.Value).Key);
        Assert.True(counts.Count >= 25, $"only {counts.Count} types");
        foreach (var type in new[] { "user.authentication.sso", "user.authentication.auth_via_mfa", "user.lifecycle.create", "group.user_membership.add", "application.user_membership.add" })
        {
            Assert.True(counts.GetValueOrDefault(type) > 20, $"{type}: {counts.GetValueOrDefault(type)}");
        }

        // Group membership changes name both the user and the group, searchable by type.
        var membership = Generate(seed: 3, count: 5000).First(e => e.EventType == "group.user_membership.add");
        var targets = JsonDocument.Parse(membership.Json).RootElement.GetProperty("target").EnumerateArray().Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.Contains("User", targets);
        Assert.Contains("UserGroup", targets);
    }

    [Fact]
    public async Task Traffic_AppendsGeneratedEventsToTheSystemLog_UpToTheLimit()
    {
        await using var org = await SimulatedOrg.StartAsync(o =>
        {
            o.Traffic.EventsPerSecond = 400;
            o.Traffic.MaxEvents = 25;
        });

        await Eventually.TrueAsync(() => org.Log.Count == 25, "25 events generated");
        var (events, _) = org.Log.Poll(0, _ => true, 100);
        var expected = Generate(seed: 1, count: 25);
        Assert.Equal(expected.Select(e => e.EventType), events.Select(e => e.EventType));
        Assert.Equal(25, org.Stats.Generated);

        // The API serves what was generated.
        using var client = new HttpClient { BaseAddress = new Uri(org.Url) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"SSWS {SimulatedOrg.Token}");
        var served = JsonDocument.Parse(await client.GetStringAsync("/api/v1/logs?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z&limit=100")).RootElement;
        Assert.Equal(events.Select(e => e.Uuid).ToHashSet(), served.EnumerateArray().Select(e => e.GetProperty("uuid").GetString()!).ToHashSet());
        Assert.Equal(25, org.Log.Count);
    }

    private static List<GeneratedEvent> Generate(int seed, int count)
    {
        var generator = new SimulatedEventGenerator(seed);
        return [.. Enumerable.Range(0, count).Select(i => generator.Next(Start.AddMilliseconds(i * 137)))];
    }
}
