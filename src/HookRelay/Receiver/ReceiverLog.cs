namespace HookRelay.Receiver;

/// <summary>What the receiver says about deliveries. Never the body, never a header value.</summary>
internal sealed partial class ReceiverLog(ILogger<ReceiverLog> logger)
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Delivery {EnvelopeEventId} to hook {Hook}: {Events} events, {Stored} stored, {Duplicates} duplicates")]
    public partial void Stored(string hook, string? envelopeEventId, int events, int stored, int duplicates);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Delivery {EnvelopeEventId} to hook {Hook} was seen before; {Events} events not stored again")]
    public partial void DuplicateDelivery(string hook, string? envelopeEventId, int events);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Malformed delivery to hook {Hook} answered 400: {Reason}")]
    public partial void Malformed(string hook, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Delivery {EnvelopeEventId} to hook {Hook} answered 503; Okta will retry once: {Reason}")]
    public partial void StoreFailed(string hook, string? envelopeEventId, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Hook {Hook} answered a verification challenge")]
    public partial void Verified(string hook);
}
