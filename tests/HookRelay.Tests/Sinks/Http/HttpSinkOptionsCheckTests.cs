using HookRelay.Sinks;
using HookRelay.Sinks.Http;

namespace HookRelay.Tests.Sinks.Http;

public sealed class HttpSinkOptionsCheckTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public void Problems_ValidSignedAndSplunkSinks_None()
    {
        var signed = Valid();
        signed.SigningSecret = Secret;
        signed.Headers["X-Source"] = "hookrelay";
        var splunk = Valid();
        splunk.Preset = "splunk-hec";
        splunk.Token = "9f4c1c2e-8d2b-4b7a-a1f0-3c5e6d7f8a9b";

        Assert.Empty(HttpSinkOptionsCheck.Problems("siem", signed));
        Assert.Empty(HttpSinkOptionsCheck.Problems("splunk", splunk));
    }

    [Theory]
    [InlineData(null, "Sinks:siem:Url")]
    [InlineData("", "Sinks:siem:Url")]
    [InlineData("collector.example/ingest", "Sinks:siem:Url")]
    [InlineData("ftp://collector.example/ingest", "Sinks:siem:Url")]
    public void Problems_BadUrl_NamesTheKey(string? url, string key)
    {
        var options = Valid();
        options.Url = url;

        Assert.Contains(HttpSinkOptionsCheck.Problems("siem", options), p => p.StartsWith(key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(7200)]
    public void Problems_TimeoutOutOfRange_NamesTheKey(int seconds)
    {
        var options = Valid();
        options.Timeout = TimeSpan.FromSeconds(seconds);

        Assert.Contains(HttpSinkOptionsCheck.Problems("siem", options), p => p.StartsWith("Sinks:siem:Timeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_SecretNotBase64_NamesTheKeyWithoutEchoingIt()
    {
        var options = Valid();
        options.SigningSecret = "whsec_this is not base64 at all";

        var problem = Assert.Single(HttpSinkOptionsCheck.Problems("siem", options));

        Assert.StartsWith("Sinks:siem:SigningSecret", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("this is not base64", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_SplunkWithoutTokenOrWithAuthorizationHeader_Both()
    {
        var options = Valid();
        options.Preset = "splunk-hec";
        options.Headers["Authorization"] = "Splunk something";

        var problems = HttpSinkOptionsCheck.Problems("splunk", options);

        Assert.Contains(problems, p => p.StartsWith("Sinks:splunk:Token", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Sinks:splunk:Headers:Authorization", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_UnknownPreset_NamesTheKey()
    {
        var options = Valid();
        options.Preset = "elastic";

        Assert.StartsWith("Sinks:siem:Preset", Assert.Single(HttpSinkOptionsCheck.Problems("siem", options)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X Bad Name", "v")]
    [InlineData("X-Injected", "v\r\nX-Evil: 1")]
    [InlineData("X-Name", "Zoë")]
    public void Problems_BadHeader_NamesHeaders(string header, string value)
    {
        var options = Valid();
        options.Headers[header] = value;

        Assert.StartsWith("Sinks:siem:Headers", Assert.Single(HttpSinkOptionsCheck.Problems("siem", options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithEveryProblem()
    {
        var options = new SinkOptions { Type = "http", Preset = "splunk-hec", Timeout = TimeSpan.Zero };
        using var client = new HttpClient();

        var error = Assert.Throws<ArgumentException>(() => new HttpSink("splunk", options, client, TimeProvider.System));

        Assert.Contains("Sinks:splunk:Url", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sinks:splunk:Timeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sinks:splunk:Token", error.Message, StringComparison.Ordinal);
    }

    private static SinkOptions Valid() => new() { Type = "http", Url = "https://collector.example/ingest" };
}
