namespace HookRelay.Authentication;

internal enum HookSecretCheck
{
    Accepted,
    Missing,
    Mismatch,
}
