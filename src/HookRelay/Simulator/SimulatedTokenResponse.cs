namespace HookRelay.Simulator;

internal sealed record SimulatedTokenResponse(string TokenType, long ExpiresIn, string AccessToken, string Scope);
