using System.Text;
using System.Text.Json;
using HookRelay.Sinks;
using HookRelay.Sinks.File;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Sinks.File;

public sealed class FileSinkTests : IDisposable
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Deliver_WritesOneLinePerEventWithTheEventAsReceived()
    {
        var path = Path.Combine(_folder.Path, "out", "events.jsonl");
        using var sink = new FileSink("archive", new SinkOptions { Type = "file", Path = path }, TimeProvider.System);
        const string compact = """{"uuid":"a","eventType":"user.session.start","displayMessage":"Connexion r\u00e9ussie ✓ 😀","n":1.50E+3}""";
        const string pretty = "{\n  \"uuid\": \"b\",\r\n  \"eventType\": \"x\"\n}";

        var result = await sink.DeliverAsync([Event(1, "a", compact), Event(2, "b", pretty)], CancellationToken.None);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        var lines = System.IO.File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Equal($$"""{"hook":"okta","receivedAt":"2026-11-26T12:00:00+00:00","uuid":"a","event":{{compact}}}""", lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("{   \"uuid\": \"b\",    \"eventType\": \"x\" }", second.RootElement.GetProperty("event").GetRawText());
    }

    [Fact]
    public async Task Deliver_PastMaxFileBytes_RotatesAndKeepsEveryLine()
    {
        var path = Path.Combine(_folder.Path, "events.jsonl");
        using var sink = new FileSink("archive", new SinkOptions { Type = "file", Path = path, MaxFileBytes = 1024 }, TimeProvider.System);

        for (var i = 0; i < 30; i++)
        {
            var result = await sink.DeliverAsync([Event(i, $"uuid-{i}", $$"""{"uuid":"uuid-{{i}}","pad":"{{new string('x', 100)}}"}""")], CancellationToken.None);
            Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        }

        var files = Directory.GetFiles(_folder.Path, "events*.jsonl");
        Assert.True(files.Length > 1, "the file should have been rotated");
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 1024, $"{f} is {new FileInfo(f).Length} bytes"));
        var uuids = files.SelectMany(System.IO.File.ReadAllLines).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("uuid").GetString()).ToHashSet();
        Assert.Equal(30, uuids.Count);
    }

    [Fact]
    public async Task Deliver_AfterACrashLeftAHalfLine_CutsItOffAndWritesWholeLines()
    {
        var path = Path.Combine(_folder.Path, "events.jsonl");
        await System.IO.File.WriteAllTextAsync(path, "{\"hook\":\"okta\",\"uuid\":\"whole\"}\n{\"hook\":\"okta\",\"uu");
        using var sink = new FileSink("archive", new SinkOptions { Type = "file", Path = path }, TimeProvider.System);

        var result = await sink.DeliverAsync([Event(1, "next", """{"uuid":"next"}""")], CancellationToken.None);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        var uuids = System.IO.File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("uuid").GetString());
        Assert.Equal(["whole", "next"], uuids);
    }

    private static SinkEvent Event(long seq, string uuid, string json) =>
        new(seq, uuid, "okta", "user.session.start", ReceivedAt, ReceivedAt, Encoding.UTF8.GetBytes(json));
}
