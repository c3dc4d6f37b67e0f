using HookRelay.Storage;

namespace HookRelay.Receiver;

/// <summary>Either the delivery, or a sentence saying what is wrong with the body.</summary>
/// <param name="TooManyEvents">The body is valid but holds more events than the hook accepts (413).</param>
internal readonly record struct DeliveryParseResult(ReceivedDelivery? Delivery, string? Error, bool TooManyEvents = false)
{
    public static DeliveryParseResult Ok(ReceivedDelivery delivery) => new(delivery, null);

    public static DeliveryParseResult Fail(string error) => new(null, error);
}
