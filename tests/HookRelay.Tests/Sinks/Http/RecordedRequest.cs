namespace HookRelay.Tests.Sinks.Http;

/// <param name="SignatureValid">What <see cref="IndependentVerifier"/> said on arrival; null when the server was given no secret.</param>
/// <param name="ArrivedAt">A <see cref="System.Diagnostics.Stopwatch"/> timestamp of the request's arrival.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body,
    bool? SignatureValid,
    long ArrivedAt = 0)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
