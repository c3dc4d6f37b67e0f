using System.Net;
using System.Net.Http.Headers;

namespace HookRelay.Tests.CrashSafety;

/// <summary>
/// A JSON request body sent in two parts: the first part at once, the rest only when the test
/// opens the gate. It keeps a request in flight for as long as a test needs.
/// </summary>
public sealed class GatedContent : HttpContent
{
    private readonly byte[] _body;
    private readonly int _firstPartLength;
    private readonly TaskCompletionSource _firstPartSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatedContent(byte[] body, int firstPartLength)
    {
        _body = body;
        _firstPartLength = firstPartLength;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    /// <summary>Completes once the headers and the first part are on the wire.</summary>
    public Task FirstPartSent => _firstPartSent.Task;

    public void SendRest() => _gate.TrySetResult();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_body.AsMemory(0, _firstPartLength), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        _firstPartSent.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        await stream.WriteAsync(_body.AsMemory(_firstPartLength), cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
