using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace HookRelay.Hooks;

/// <summary>Stops the start with a message that names the setting and the fix.</summary>
internal sealed partial class HooksOptionsValidator : IValidateOptions<HooksOptions>
{
    public const int MinimumSecretLength = 24;
    private const long MinBodyBytes = 1024;
    private const long MaxBodyBytes = 64L * 1024 * 1024;
    private const int MaxEventsPerDelivery = 1_000_000;

    public ValidateOptionsResult Validate(string? name, HooksOptions options)
    {
        var failures = new List<string>(options.BindingErrors);
        foreach (var (hook, settings) in options.Hooks)
        {
            var prefix = $"{HooksOptions.SectionName}:{hook}";
            if (!HookName().IsMatch(hook))
            {
                failures.Add($"{prefix}: the hook name '{hook}' may hold only letters, digits, '-' and '_' (at most 64); rename the section.");
            }

            if (settings.Secrets.Count == 0 && !options.IsZeroConfig)
            {
                failures.Add(
                    $"{prefix}:Secrets is empty; set at least one secret of {MinimumSecretLength}+ characters ({prefix}:Secrets:0), " +
                    $"or remove every Hooks setting to let HookRelay generate one for the hook '{HooksOptions.DefaultHookName}'.");
            }

            ValidateSecrets(prefix, settings.Secrets, failures);
            if (string.IsNullOrWhiteSpace(settings.HeaderName) || !HeaderToken().IsMatch(settings.HeaderName))
            {
                failures.Add($"{prefix}:HeaderName must be a valid HTTP header name; remove it to use '{HookOptions.DefaultHeaderName}', or set the header name entered in Okta.");
            }

            if (settings.MaxBodyBytes is < MinBodyBytes or > MaxBodyBytes)
            {
                failures.Add($"{prefix}:MaxBodyBytes is {settings.MaxBodyBytes}; set it between {MinBodyBytes} and {MaxBodyBytes}, or remove it for the default of {HookOptions.DefaultMaxBodyBytes}.");
            }

            if (settings.MaxEventsPerDelivery is < 1 or > MaxEventsPerDelivery)
            {
                failures.Add($"{prefix}:MaxEventsPerDelivery is {settings.MaxEventsPerDelivery}; set it between 1 and {MaxEventsPerDelivery}, or remove it for the default of {HookOptions.DefaultMaxEventsPerDelivery}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSecrets(string prefix, List<string> secrets, List<string> failures)
    {
        for (var i = 0; i < secrets.Count; i++)
        {
            var secret = secrets[i];
            // The message gives the length, never the value.
            if (secret.Length < MinimumSecretLength)
            {
                failures.Add($"{prefix}:Secrets:{i} is {secret.Length} characters long; use at least {MinimumSecretLength} random characters (for example: openssl rand -base64 32).");
            }
            else if (secret.Trim().Length != secret.Length || secret.Any(char.IsControl))
            {
                failures.Add($"{prefix}:Secrets:{i} starts or ends with whitespace or holds control characters, which an HTTP header cannot carry; remove them.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex HookName();

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderToken();
}
