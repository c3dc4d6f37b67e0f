namespace HookRelay.Sinks.Http;

/// <summary>The http sink's settings, checked with messages that name the key and never echo a secret or the Url.</summary>
internal static class HttpSinkOptionsCheck
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    public static bool IsSplunkHec(SinkOptions options) =>
        string.Equals(options.Preset, HttpSink.SplunkHecPreset, StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<string> Problems(string name, SinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var at = $"Sinks:{name}";
        var problems = new List<string>();
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{at}:Url must be an absolute http:// or https:// address.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > MaxTimeout)
        {
            problems.Add($"{at}:Timeout must be more than zero and at most {MaxTimeout}.");
        }

        if (!string.IsNullOrEmpty(options.SigningSecret) && WebhookSigner.DecodeKey(options.SigningSecret) is null)
        {
            problems.Add($"{at}:SigningSecret must be a Standard Webhooks secret: whsec_ followed by base64.");
        }

        if (IsSplunkHec(options))
        {
            if (string.IsNullOrWhiteSpace(options.Token))
            {
                problems.Add($"{at}:Token (the HEC token) is required with Preset {HttpSink.SplunkHecPreset}.");
            }

            if (options.Headers.ContainsKey("Authorization"))
            {
                problems.Add($"{at}:Headers:Authorization cannot be set with Preset {HttpSink.SplunkHecPreset}; it sends Authorization: Splunk <Token>.");
            }
        }
        else if (!string.IsNullOrEmpty(options.Preset))
        {
            problems.Add($"{at}:Preset must be {HttpSink.SplunkHecPreset} or absent.");
        }

        foreach (var (header, value) in options.Headers)
        {
            if (header.Length == 0 || !header.All(IsTokenChar))
            {
                problems.Add($"{at}:Headers has a name that is not a valid HTTP header name.");
            }
            else if (!value.All(c => c is '\t' or >= ' ' and <= '~'))
            {
                problems.Add($"{at}:Headers:{header} must be printable ASCII on one line.");
            }
        }

        return problems;
    }

    public static Uri ThrowIfInvalid(string name, SinkOptions options)
    {
        var problems = Problems(name, options);
        return problems.Count == 0 ? new Uri(options.Url!) : throw new ArgumentException(string.Join(" ", problems), nameof(options));
    }

    /// <summary>Every configured value that must never reach an error text, longest first.</summary>
    public static IReadOnlyList<string> SecretValues(SinkOptions options)
    {
        var secrets = new List<string?> { options.SigningSecret, options.Token };
        if (options.SigningSecret?.StartsWith("whsec_", StringComparison.Ordinal) == true)
        {
            secrets.Add(options.SigningSecret["whsec_".Length..]);
        }

        if (options.Headers.TryGetValue("Authorization", out var authorization))
        {
            secrets.Add(authorization);
        }

        return [.. secrets.OfType<string>().Where(s => s.Length >= 4).Distinct().OrderByDescending(s => s.Length)];
    }

    private static bool IsTokenChar(char c) =>
        c is > ' ' and < '\u007f' && !"()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal);
}
