namespace HookRelay.Simulator;

internal sealed record OktaError(string ErrorCode, string ErrorSummary, string ErrorLink, string ErrorId, IReadOnlyList<OktaErrorCause> ErrorCauses);
