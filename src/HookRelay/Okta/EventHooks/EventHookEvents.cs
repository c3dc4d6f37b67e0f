using System.Text.Json;

namespace HookRelay.Okta.EventHooks;

/// <summary>The event types a hook subscribes to, and its filter (kept as Okta sent it, so a replace preserves it).</summary>
internal sealed record EventHookEvents(IReadOnlyList<string> Items, string Type = "EVENT_TYPE", JsonElement? Filter = null);
