using System.Net;

namespace HookRelay.Hosting;

/// <summary>
/// Refuses plain HTTP on anything but loopback: Okta's secret travels in a header, and Okta only
/// calls HTTPS. Behind a TLS-terminating proxy (<c>--behind-proxy</c>) plain HTTP is fine.
/// </summary>
internal static class ListenAddressGuard
{
    public static void Check(IConfiguration configuration)
    {
        if (ServeSettings.IsBehindProxy(configuration))
        {
            return;
        }

        var urls = (configuration[ServeSettings.Urls] ?? ServeSettings.DefaultUrls)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => (Setting: "--urls", Url: u));
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => (Setting: $"Kestrel:Endpoints:{e.Key}:Url", Url: e["Url"] ?? string.Empty));
        foreach (var (setting, url) in urls.Concat(endpoints))
        {
            if (IsPlainHttpBeyondLoopback(url))
            {
                throw new StartupConfigurationException(
                    $"{setting}: {url} would take Okta's secret over plain HTTP on a network address. " +
                    "Use https:// with --cert/--key (or Kestrel certificate settings), listen on 127.0.0.1, " +
                    "or pass --behind-proxy when a TLS-terminating proxy forwards to this address.");
            }
        }
    }

    private static bool IsPlainHttpBeyondLoopback(string url)
    {
        if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Kestrel's wildcards (*, +) are not valid URI hosts; they mean every address.
        var host = url["http://".Length..].Split('/')[0];
        host = host.StartsWith('[') ? host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)] : host.Split(':')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !IPAddress.TryParse(host.Trim('[', ']'), out var address) || !IPAddress.IsLoopback(address);
    }
}
