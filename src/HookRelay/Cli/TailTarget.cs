namespace HookRelay.Cli;

/// <summary>Where <c>events tail</c> finds the server when no <c>--url</c> is given: the first address it listens on.</summary>
internal static class TailTarget
{
    private static readonly string[] AnyHost = ["0.0.0.0", "[::]", "*", "+"];

    /// <summary>The first of <c>Urls</c>; a listen-on-all host becomes 127.0.0.1, which it includes.</summary>
    public static Uri FromUrls(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
        var schemeEnd = first.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0)
        {
            var hostStart = schemeEnd + 3;
            var rest = first[hostStart..];
            var hostLength = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOfAny([':', '/']);
            var host = hostLength > 0 ? rest[..hostLength] : rest;
            if (AnyHost.Contains(host))
            {
                first = first[..hostStart] + "127.0.0.1" + rest[host.Length..];
            }
        }

        return Uri.TryCreate(first, UriKind.Absolute, out var uri)
            ? uri
            : throw new Hosting.StartupConfigurationException($"Urls: '{first}' is not an address to reach the server at; pass --url.");
    }
}
