namespace HookRelay.Storage;

/// <summary>An <c>event_hook.delivery</c> System Log event: Okta failed to deliver to one of the org's hooks.</summary>
internal sealed record OktaDeliveryFailure(string Org, string Uuid, DateTimeOffset Published, string? HookId, string? HookName, string? Reason);
