using System.Security.Cryptography.X509Certificates;
using HookRelay.Admin;
using HookRelay.Authentication;
using HookRelay.Hooks;
using HookRelay.Okta;
using HookRelay.Operations;
using HookRelay.Pipeline;
using HookRelay.Receiver;
using HookRelay.Storage;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HookRelay.Hosting;

/// <summary>Builds the <c>hookrelay serve</c> web application from configuration.</summary>
internal static class HookRelayApp
{
    /// <param name="configure">Last changes to the builder; tests use it to capture logs.</param>
    public static WebApplication Build(string? configFile, IReadOnlyDictionary<string, string?> flags, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            // The builder's own appsettings sources are replaced below; without this they would
            // still watch the working folder recursively, data/ included.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddHookRelaySources(configFile, flags);
        var configuration = builder.Configuration;
        ListenAddressGuard.Check(configuration);

        var certificate = LoadCertificate(configuration);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls(configuration[ServeSettings.Urls] ?? (certificate is null ? ServeSettings.DefaultUrls : "https://127.0.0.1:8443"));
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, configuration, certificate));
        QuietUnlessConfigured(builder, "Microsoft.AspNetCore");
        // Every System Log page and sink batch would otherwise log four lines; failures still log as warnings.
        QuietUnlessConfigured(builder, "System.Net.Http.HttpClient");
        // A failed start is reported by 'hookrelay serve' in one line that names the setting.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        // Logs go to stderr: stdout carries data (the stdout sink, the first-run registration text).
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        var behindProxy = ServeSettings.IsBehindProxy(configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<StoreStartupCheck>();
        builder.Services.AddProblemDetails();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services
            .AddHooks(configuration)
            .AddHookAuthentication()
            .AddStorage(configuration)
            .AddReceiver()
            .AddPipeline(configuration)
            .AddOkta(configuration)
            .AddOperations()
            .AddAdmin();
        if (behindProxy)
        {
            builder.Services.Configure<ForwardedHeadersOptions>(o =>
            {
                // The operator says a TLS-terminating proxy is in front; it appends its own entry last.
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                o.KnownIPNetworks.Clear();
                o.KnownProxies.Clear();
            });
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        if (behindProxy)
        {
            app.UseForwardedHeaders();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHookEndpoints();
        app.MapOperationsEndpoints();
        app.MapAdminEndpoints();
        return app;
    }

    /// <summary>
    /// Logs of <paramref name="category"/> only from warnings up, unless the configuration names a level
    /// for it (<c>Logging:LogLevel:&lt;category&gt;</c>): a filter added here would otherwise win over it.
    /// </summary>
    private static void QuietUnlessConfigured(WebApplicationBuilder builder, string category)
    {
        if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
        {
            builder.Logging.AddFilter(category, LogLevel.Warning);
        }
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ConfigurationManager configuration, X509Certificate2? certificate)
    {
        kestrel.AddServerHeader = false;
        // Endpoints are checked by ListenAddressGuard once, at start; a reload must not add one unchecked.
        kestrel.Configure(configuration.GetSection("Kestrel"), reloadOnChange: false);
        if (certificate is not null)
        {
            kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
        }
    }

    private static X509Certificate2? LoadCertificate(ConfigurationManager configuration)
    {
        var certPath = configuration[ServeSettings.CertificatePath];
        var keyPath = configuration[ServeSettings.KeyPath];
        if (string.IsNullOrEmpty(certPath))
        {
            return keyPath is null ? null : throw new StartupConfigurationException("--key was given without --cert; pass the PEM certificate with --cert as well.");
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            // Export and reload so the private key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new StartupConfigurationException(
                $"--cert/--key: could not load a PEM certificate and private key from {certPath}{(keyPath is null ? string.Empty : " and " + keyPath)}: {ex.Message}", ex);
        }
    }
}
