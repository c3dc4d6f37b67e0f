using System.Text.RegularExpressions;

namespace HookRelay.Hosting;

/// <summary>
/// Turns the configuration binder's conversion errors into messages that name the setting and the
/// expected type but never repeat the value: a secret pasted into the wrong setting stays secret.
/// </summary>
internal static partial class ConfigurationErrors
{
    public static bool IsConversionError(InvalidOperationException exception) =>
        exception.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
        || exception.Message.Contains("were not found on the instance of", StringComparison.Ordinal);

    /// <param name="section">The section being bound, to name a misspelt key in it.</param>
    public static string Describe(InvalidOperationException exception, string? section = null)
    {
        var conversion = Conversion().Match(exception.Message);
        if (conversion.Success)
        {
            return $"{conversion.Groups["path"].Value} does not hold a valid {Friendly(conversion.Groups["type"].Value)}; fix its value.";
        }

        var unknown = UnknownKey().Match(exception.Message);
        return unknown.Success
            ? $"{(section is null ? string.Empty : section + ":")}{unknown.Groups["keys"].Value.Replace("'", string.Empty, StringComparison.Ordinal)} is not a known setting (a hook has Secrets, HeaderName, MaxBodyBytes, MaxEventsPerDelivery); check its spelling."
            : "A setting could not be read; check the configuration.";
    }

    private static string Friendly(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "whole number",
        "System.Boolean" => "true or false",
        _ => type,
    };

    [GeneratedRegex("at '(?<path>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex Conversion();

    [GeneratedRegex("were not found on the instance of [^:]+: (?<keys>.+)$")]
    private static partial Regex UnknownKey();
}
