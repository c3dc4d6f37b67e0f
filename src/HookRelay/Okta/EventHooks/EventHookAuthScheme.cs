namespace HookRelay.Okta.EventHooks;

/// <summary>The header Okta sends the secret in. <see cref="Value"/> is write-only: Okta never returns it.</summary>
internal sealed record EventHookAuthScheme(string Key, string? Value = null, string Type = "HEADER")
{
    // The secret never reaches a log line or a message through ToString.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Type = {Type}, Key = {Key}, Value = {(Value is null ? "null" : "(hidden)")}");
        return true;
    }
}
