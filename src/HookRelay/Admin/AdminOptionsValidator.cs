using Microsoft.Extensions.Options;

namespace HookRelay.Admin;

/// <summary>Stops the start with a message that names the setting and the fix; never echoes a token.</summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public const int MinimumTokenLength = 24;

    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var token = options.Tokens[i] ?? string.Empty;
            if (token.Length < MinimumTokenLength || token.Any(char.IsWhiteSpace))
            {
                failures.Add(
                    $"{AdminOptions.SectionName}:Tokens:{i} must be at least {MinimumTokenLength} characters without spaces " +
                    "(for example the output of 'openssl rand -base64 32'); remove Admin:Tokens to open the admin API to loopback clients only.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
