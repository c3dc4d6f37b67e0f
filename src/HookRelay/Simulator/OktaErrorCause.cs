namespace HookRelay.Simulator;

/// <summary>One entry of an Okta error's <c>errorCauses</c>: <c>{"errorSummary": "…"}</c>.</summary>
internal sealed record OktaErrorCause(string ErrorSummary);
