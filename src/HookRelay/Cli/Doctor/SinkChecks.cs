using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using HookRelay.Sinks;

namespace HookRelay.Cli.Doctor;

/// <summary>
/// Whether each configured sink can be reached, without sending it anything: unlike
/// <c>hookrelay sinks test</c>, which delivers a synthetic event, doctor is safe to run from cron
/// against a SIEM whose every record is audit data. File: the folder (and file) may be written;
/// HTTP: a TCP connection and, for https, a TLS handshake that validates the certificate; NATS: a
/// TCP connection that answers with the server's INFO line.
/// </summary>
internal static class SinkChecks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<DoctorCheck>> CheckAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        foreach (var section in configuration.GetSection("Sinks").GetChildren())
        {
            var options = new SinkOptions();
            section.Bind(options);
            checks.Add(await CheckAsync(section.Key, options, cancellationToken));
        }

        return checks;
    }

    private static async Task<DoctorCheck> CheckAsync(string name, SinkOptions options, CancellationToken cancellationToken)
    {
        var check = $"sink {name}";
        try
        {
            return (options.Type ?? string.Empty).ToLowerInvariant() switch
            {
                SinkTypes.File => CheckFile(check, options.Path),
                SinkTypes.Http => await CheckHttpAsync(check, options.Url, cancellationToken),
                SinkTypes.Nats => await CheckNatsAsync(check, options.Url, cancellationToken),
                SinkTypes.Stdout => DoctorCheck.Ok(check, "stdout: always there"),
                _ => DoctorCheck.Fail(check, $"type '{options.Type}' is not one of {string.Join(", ", SinkTypes.All)}", $"set Sinks:{name}:Type"),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SocketException or AuthenticationException or OperationCanceledException or UriFormatException or ArgumentException)
        {
            var reason = ex is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : ex.Message;
            return DoctorCheck.Fail(check, $"{options.Type} sink cannot be reached: {reason}", Fix(name, options.Type));
        }
    }

    private static DoctorCheck CheckFile(string check, string? path)
    {
        var full = Path.GetFullPath(path ?? throw new ArgumentException("Path is not set"));
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        // A file created and removed proves the folder takes new files (rotation needs that too).
        var probe = Path.Combine(folder, $".hookrelay-doctor-{Guid.NewGuid():N}");
        File.WriteAllBytes(probe, []);
        File.Delete(probe);
        if (File.Exists(full))
        {
            // Opened for writing and closed at once: nothing is written, the server's handle is undisturbed.
            using var _ = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }

        return DoctorCheck.Ok(check, $"file {full} can be written");
    }

    private static async Task<DoctorCheck> CheckHttpAsync(string check, string? url, CancellationToken cancellationToken)
    {
        var uri = new Uri(url ?? throw new ArgumentException("Url is not set"));
        var where = $"{uri.Scheme}://{uri.Host}:{uri.Port}";
        using var client = await ConnectAsync(uri.Host, uri.Port, cancellationToken);
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            using var timeout = Deadline(cancellationToken);
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = uri.Host }, timeout.Token);
            return DoctorCheck.Ok(check, $"http {where} accepts connections; its certificate is valid");
        }

        return DoctorCheck.Ok(check, $"http {where} accepts connections");
    }

    private static async Task<DoctorCheck> CheckNatsAsync(string check, string? url, CancellationToken cancellationToken)
    {
        var (display, _) = Sinks.Nats.NatsServerUrl.Redact(url ?? throw new ArgumentException("Url is not set"));
        var first = display.Split(',')[0];
        var uri = new Uri(first.Contains("://", StringComparison.Ordinal) ? first : "nats://" + first);
        using var client = await ConnectAsync(uri.Host, uri.Port > 0 ? uri.Port : 4222, cancellationToken);
        using var timeout = Deadline(cancellationToken);
        var greeting = new byte[4];
        await client.GetStream().ReadExactlyAsync(greeting, timeout.Token);
        return greeting.AsSpan().SequenceEqual("INFO"u8)
            ? DoctorCheck.Ok(check, $"nats {display} answers")
            : DoctorCheck.Fail(check, $"{display} accepts connections but does not answer as a NATS server", "point Url at the NATS server's client port (4222 by default)");
    }

    private static async Task<TcpClient> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = Deadline(cancellationToken);
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, timeout.Token);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(Timeout);
        return source;
    }

    private static string Fix(string name, string type) => type.ToLowerInvariant() switch
    {
        SinkTypes.File => $"make Sinks:{name}:Path a file in a folder this user may write",
        SinkTypes.Http => $"check that the endpoint in Sinks:{name}:Url is up and reachable from here (firewall, DNS, certificate); then 'hookrelay sinks test {name}' sends it one test event",
        SinkTypes.Nats => $"check that the NATS server in Sinks:{name}:Url is running and reachable from here",
        _ => $"check Sinks:{name}",
    };
}
