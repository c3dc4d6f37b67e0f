using System.Globalization;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Cli;

/// <summary>
/// <c>hookrelay events list|show</c>, run as the real executable against the store of a server that
/// keeps running (and holding the database open) while the CLI reads.
/// </summary>
public sealed class EventsCommandTests(StoredEventsFixture fixture) : IClassFixture<StoredEventsFixture>
{
    private const string UnicodeUuid = StoredEventsFixture.UnicodeUuid;

    [Fact]
    public async Task EventsListJson_PrintsEveryEventNewestFirstWithItsFields()
    {
        var listed = await ListAsync();

        // Every posted event, plus the one stored under a derived key.
        Assert.Equal(fixture.Posted.Count + 1, listed.Count);
        foreach (var posted in fixture.Posted)
        {
            var item = Assert.Single(listed, l => l.Uuid == posted.Uuid);
            Assert.Equal(posted.EventType, item.EventType);
            Assert.Equal(posted.Published, item.Published);
            Assert.Equal("okta", item.Hook);
            Assert.InRange(item.ReceivedAt, fixture.StartedAt.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        }

        var published = listed.Select(l => DateTimeOffset.Parse(l.Published!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(published.OrderDescending(), published);
    }

    [Fact]
    public async Task EventsList_WithTypeGlob_ListsOnlyMatchingTypes()
    {
        var listed = await ListAsync("--type", "user.session.*");

        var expected = fixture.Posted.Where(p => p.EventType.StartsWith("user.session.", StringComparison.Ordinal)).Select(p => p.Uuid);
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Select(l => l.Uuid).Order(StringComparer.Ordinal));
        Assert.Equal(3, listed.Count);
    }

    [Fact]
    public async Task EventsList_WithSinceAndUntil_IncludesSinceAndExcludesUntil()
    {
        const string Since = "2026-02-10T10:00:00.000Z";
        const string Until = "2026-08-20T14:03:16.047Z";
        var listed = await ListAsync("--since", Since, "--until", Until);

        var since = DateTimeOffset.Parse(Since, CultureInfo.InvariantCulture);
        var until = DateTimeOffset.Parse(Until, CultureInfo.InvariantCulture);
        var expected = fixture.Posted.Where(p => p.PublishedAt >= since && p.PublishedAt < until).Select(p => p.Uuid).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Select(l => l.Uuid).Order(StringComparer.Ordinal));
        // The bounds themselves are events: one published exactly at --since, one exactly at --until.
        Assert.Contains(listed, l => l.Published == Since);
        Assert.DoesNotContain(listed, l => l.Published == Until);
    }

    [Fact]
    public async Task EventsList_WithAgeSince_CountsBackFromNow()
    {
        var listed = await ListAsync("--since", "2d", "--type", "test.age.*");

        var item = Assert.Single(listed);
        Assert.Equal("test.age.recent", item.EventType);
    }

    [Fact]
    public async Task EventsList_WithLimitOne_PrintsOnlyTheNewestEvent()
    {
        var listed = await ListAsync("--limit", "1");

        var newest = fixture.Posted.MaxBy(p => p.PublishedAt)!;
        Assert.Equal(newest.Uuid, Assert.Single(listed).Uuid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task EventsShowJson_OfSampleEvent_PrintsItExactlyAsPosted(int index)
    {
        using var sample = JsonDocument.Parse(OktaPayloads.TwoEventSample);
        var posted = sample.RootElement.GetProperty("data").GetProperty("events")[index];
        var uuid = posted.GetProperty("uuid").GetString()!;

        var (exitCode, stdout, stderr) = await RunAsync("events", "show", uuid, "--json", "--data-dir", fixture.DataDir);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(posted.GetRawText() + "\n", stdout);
    }

    [Fact]
    public async Task EventsShowJson_OfUnicodeEventWithOddSpacing_PrintsItByteForByte()
    {
        var (exitCode, stdout, stderr) = await RunAsync("events", "show", UnicodeUuid, "--json", "--data-dir", fixture.DataDir);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(StoredEventsFixture.UnicodeEventJson + "\n", stdout);
    }

    [Fact]
    public async Task EventsShow_OfEventWithoutUuid_FindsItByItsDerivedKey()
    {
        var item = Assert.Single(await ListAsync("--type", StoredEventsFixture.NoUuidType));
        Assert.True(item.UuidDerived);
        Assert.StartsWith("sha256:", item.Uuid, StringComparison.Ordinal);

        var (exitCode, stdout, stderr) = await RunAsync("events", "show", item.Uuid, "--json", "--data-dir", fixture.DataDir);

        Assert.True(exitCode == 0, stderr);
        using var shown = JsonDocument.Parse(stdout);
        Assert.Equal(StoredEventsFixture.NoUuidType, shown.RootElement.GetProperty("eventType").GetString());
    }

    [Fact]
    public async Task EventsShow_WithoutJson_PrintsFieldsAndTheEvent()
    {
        var (exitCode, stdout, stderr) = await RunAsync("events", "show", UnicodeUuid, "--data-dir", fixture.DataDir);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains(UnicodeUuid, stdout, StringComparison.Ordinal);
        Assert.Contains("user.account.update_profile", stdout, StringComparison.Ordinal);
        Assert.Contains("okta", stdout, StringComparison.Ordinal);
        // Readable text: escapes are shown as the characters they stand for.
        Assert.Contains("Connexion réussie ✓ — 日本語", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsShow_WithoutJson_PrintsCharactersBeyondTheBasicPlaneAsThemselves()
    {
        var (exitCode, stdout, stderr) = await RunAsync("events", "show", UnicodeUuid, "--data-dir", fixture.DataDir);

        Assert.True(exitCode == 0, stderr);
        // Names in Okta events can hold any Unicode character, emoji and rare CJK included.
        Assert.Contains("日本語 😀", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(@"\uD83D", stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EventsShow_WithUnknownUuid_ExitsOneWithMessageOnStderr()
    {
        const string Unknown = "00000000-0000-4000-8000-000000000000";
        var (exitCode, stdout, stderr) = await RunAsync("events", "show", Unknown, "--json", "--data-dir", fixture.DataDir);

        Assert.Equal(1, exitCode);
        Assert.Contains(Unknown, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public async Task EventsList_WithActorTargetHookAndProvenance_FiltersAsTheDashboardDoes()
    {
        // The sample: a session started by marie.dupont, and sam.lee added to a group by a service.
        Assert.Equal(["3c9e1f70-7e8b-11f1-9b2a-5d3c8e2f4a61"], (await ListAsync("--actor", "marie.dupont@acme-demo.example")).Select(l => l.Uuid));
        Assert.Equal(["3d4f8a12-7e8b-11f1-8c0d-21e9f7b6a3d4"], (await ListAsync("--target", "sam.lee@acme-demo.example")).Select(l => l.Uuid));
        Assert.Empty(await ListAsync("--actor", "sam.lee@acme-demo.example"));

        var pushed = await ListAsync("--provenance", "push", "--hook", "okta");
        Assert.Equal(fixture.Posted.Count + 1, pushed.Count);
        Assert.All(pushed, l => Assert.Equal("push", l.Provenance));
        Assert.Empty(await ListAsync("--provenance", "pull"));
        Assert.Empty(await ListAsync("--hook", "other"));
    }

    [Theory]
    [InlineData("--provenance", "pushed")]
    [InlineData("--since", "yesterday")]
    [InlineData("--until", "2026-13-45")]
    [InlineData("--since", "5x")]
    [InlineData("--limit", "0")]
    [InlineData("--limit", "many")]
    public async Task EventsList_WithBadOptionValue_ExitsTwoNamingTheValue(string option, string value)
    {
        var (exitCode, stdout, stderr) = await RunAsync("events", "list", option, value, "--data-dir", fixture.DataDir);

        Assert.Equal(2, exitCode);
        Assert.True(stderr.Contains(value, StringComparison.Ordinal) || stderr.Contains(option, StringComparison.Ordinal), stderr);
        Assert.Equal(string.Empty, stdout);
    }

    [Theory]
    [InlineData("events", "list", "--bogus")]
    [InlineData("events", "frobnicate")]
    [InlineData("events", "show")]
    public async Task Events_WithUnknownOptionOrMissingArgument_ExitsTwo(params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunAsync([.. args, "--data-dir", fixture.DataDir]);

        Assert.Equal(2, exitCode);
        Assert.Contains("hookrelay --help", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public async Task EventsList_WithoutJson_PrintsEventTypesAndUuidsWhole()
    {
        var (exitCode, stdout, stderr) = await RunAsync("events", "list", "--type", "group.*", "--data-dir", fixture.DataDir);

        Assert.True(exitCode == 0, stderr);
        // A user greps this, or copies the uuid into 'events show': neither may be cut in pieces.
        Assert.Contains("group.user_membership.add", stdout, StringComparison.Ordinal);
        Assert.Contains("3d4f8a12-7e8b-11f1-8c0d-21e9f7b6a3d4", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsListJson_WithNoMatch_PrintsAnEmptyArray()
    {
        Assert.Empty(await ListAsync("--type", "no.such.type.*"));
    }

    [Fact]
    public async Task EventsList_WithDataDirFromEnvironment_ReadsThatStore()
    {
        var (exitCode, stdout, stderr) = await HookRelayProcess.RunAsync(
            ["events", "list", "--json", "--type", "group.*"],
            new Dictionary<string, string> { ["HOOKRELAY_DataDir"] = fixture.DataDir },
            timeout: TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("3d4f8a12-7e8b-11f1-8c0d-21e9f7b6a3d4", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsList_WithNoDatabase_ExitsOneWithoutCreatingOne()
    {
        using var empty = new TempDirectory();

        var (exitCode, stdout, stderr) = await RunAsync("events", "list", "--data-dir", empty.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains(empty.DatabasePath, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
        Assert.False(File.Exists(empty.DatabasePath), "Listing events created a database.");
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        HookRelayProcess.RunAsync(args, timeout: TimeSpan.FromSeconds(30));

    private async Task<List<ListedEvent>> ListAsync(params string[] options)
    {
        var (exitCode, stdout, stderr) = await RunAsync(["events", "list", "--json", "--data-dir", fixture.DataDir, .. options]);
        Assert.True(exitCode == 0, $"events list exited with {exitCode}: {stderr}");
        using var document = JsonDocument.Parse(stdout);
        return [.. document.RootElement.EnumerateArray().Select(ListedEvent.From)];
    }

    /// <summary>One element of <c>events list --json</c>; every field must be there.</summary>
    private sealed record ListedEvent(string Uuid, bool UuidDerived, string? EventType, string? Published, DateTimeOffset ReceivedAt, string Hook, string Provenance)
    {
        public static ListedEvent From(JsonElement e) => new(
            e.GetProperty("uuid").GetString()!,
            e.GetProperty("uuidDerived").GetBoolean(),
            e.GetProperty("eventType").GetString(),
            e.GetProperty("published").GetString(),
            e.GetProperty("receivedAt").GetDateTimeOffset(),
            e.GetProperty("hook").GetString()!,
            e.GetProperty("provenance").GetString()!);
    }
}
