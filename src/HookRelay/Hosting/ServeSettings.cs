namespace HookRelay.Hosting;

/// <summary>The configuration keys that <c>hookrelay serve</c> flags set; each can also come from a file or HOOKRELAY_ variable.</summary>
internal static class ServeSettings
{
    public const string Urls = "Urls";
    public const string DefaultUrls = "http://127.0.0.1:8080";
    public const string BehindProxy = "BehindProxy";
    public const string CertificatePath = "Tls:CertificatePath";
    public const string KeyPath = "Tls:KeyPath";

    public static bool IsBehindProxy(IConfiguration configuration)
    {
        var value = configuration[BehindProxy];
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        return bool.TryParse(value, out var parsed)
            ? parsed
            : throw new StartupConfigurationException($"{BehindProxy} is '{value}'; set it to true or false (or pass --behind-proxy).");
    }
}
