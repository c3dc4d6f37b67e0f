namespace HookRelay.Tests.Infrastructure;

public static class TestSecrets
{
    public const string Primary = "primary-secret-0123456789-abcdefghij";
    public const string Rotated = "rotated-secret-9876543210-zyxwvutsrq";
}
