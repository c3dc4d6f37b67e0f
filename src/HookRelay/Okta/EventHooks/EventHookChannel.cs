namespace HookRelay.Okta.EventHooks;

internal sealed record EventHookChannel(EventHookChannelConfig Config, string Type = "HTTP", string Version = "1.0.0");
