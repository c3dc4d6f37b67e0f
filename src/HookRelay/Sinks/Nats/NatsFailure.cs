using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace HookRelay.Sinks.Nats;

/// <summary>
/// How a NATS failure maps to a sink outcome. JetStream answers with HTTP-like codes, and the rule
/// is the HTTP sink's: 408, 429 and 5xx pass (retry), any other 4xx is for good (reject). Everything
/// that is not an answer — refused or lost connections, timeouts, no responders — is retried.
/// </summary>
internal static class NatsFailure
{
    /// <summary>JetStream <c>err_code</c>: stream not found.</summary>
    public const int StreamNotFound = 10059;

    /// <summary>JetStream <c>err_code</c>: stream name already in use (someone created it first).</summary>
    public const int StreamNameInUse = 10058;

    public static SinkResult FromApiError(ApiError error, string context)
    {
        var message = $"{context}: {error.Description} (code {error.Code}, err_code {error.ErrCode})";
        return error.Code is 408 or 429 or >= 500 ? SinkResult.Retry(message) : SinkResult.Reject(message);
    }

    /// <param name="connecting">Whether it happened while connecting and making sure of the stream.</param>
    public static SinkResult FromException(Exception exception, string server, string stream, bool connecting) => exception switch
    {
        NatsJSApiException api => FromApiError(api.Error, $"JetStream refused the request for stream {stream}"),
        NatsPayloadTooLargeException => SinkResult.Reject($"an event is larger than the max_payload of {server}: {exception.Message}"),
        NatsNoRespondersException or NatsJSPublishNoResponseException or NatsJSApiNoResponseException =>
            SinkResult.Retry($"no JetStream answer from {server} for stream {stream} (stream deleted, JetStream not enabled or unavailable, or no acknowledgement in time)"),
        _ when connecting => SinkResult.Retry($"cannot connect to {server}: {exception.Message}"),
        ObjectDisposedException => SinkResult.Retry($"the connection to {server} was closed during the delivery"),
        _ => SinkResult.Retry($"NATS error from {server}: {exception.Message}"),
    };

    /// <summary>Of several outcomes of one batch, the one to report: a refusal outlasts a passing fault.</summary>
    public static SinkResult Worse(SinkResult? current, SinkResult next) =>
        current is null || (next.Outcome == SinkOutcome.Reject && current.Value.Outcome != SinkOutcome.Reject) ? next : current.Value;
}
