using HookRelay.Storage;

namespace HookRelay.Receiver;

/// <summary>Either the delivery, or a sentence saying what is wrong with the body.</summary>
internal readonly record struct DeliveryParseResult(ReceivedDelivery? Delivery, string? Error)
{
    public static DeliveryParseResult Ok(ReceivedDelivery delivery) => new(delivery, null);

    public static DeliveryParseResult Fail(string error) => new(null, error);
}
