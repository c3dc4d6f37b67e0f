using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HookRelay.Tests.Infrastructure;

/// <summary>
/// A real <c>nats-server</c> (installed from apt by ./test.sh) with JetStream, on a free loopback port
/// and a store folder of its own. It can be stopped and started again on the same port and store, as
/// a server that goes down and comes back. Disposing kills it and deletes the folder.
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private Process? _process;

    private NatsServer(int port, string storeDirectory)
    {
        Port = port;
        StoreDirectory = storeDirectory;
    }

    public int Port { get; }

    public string StoreDirectory { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>What the server wrote so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<NatsServer> StartAsync()
    {
        // Another process may take the free port before the server binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var store = Path.Combine(Path.GetTempPath(), "hookrelay-nats-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(store);
            var server = new NatsServer(FreePort(), store);
            try
            {
                await server.RestartAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.Output.Contains("address already in use", StringComparison.Ordinal))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>A loopback port with nothing listening on it (at the moment of asking).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server (again) on the same port and store, and waits until it takes clients with JetStream on.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("nats-server is already running.");
        }

        var info = new ProcessStartInfo(FindExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-js", "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", StoreDirectory })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("nats-server did not start.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilReadyAsync(process);
    }

    /// <summary>Kills the server (as a crash would) and waits until it is gone; the store stays.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        using (process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(StoreDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static string FindExecutable()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Prepend("/usr/sbin")
            .Prepend("/usr/bin")
            .Select(dir => Path.Combine(dir, "nats-server"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "nats-server is not installed, and the NATS sink tests need a real one. Run ./test.sh (it installs nats-server from apt), or: apt-get install -y nats-server");
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        var stopwatch = Stopwatch.StartNew();
        string? lastProblem = null;
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // lets the last output lines arrive
                throw new InvalidOperationException($"nats-server exited with code {process.ExitCode} on port {Port}:\n{Output}");
            }

            try
            {
                // The server greets every client with INFO; JetStream is on once it says so.
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port).WaitAsync(TimeSpan.FromSeconds(1));
                using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
                var info = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(1));
                if (info is not null && info.StartsWith("INFO ", StringComparison.Ordinal) && info.Contains("\"jetstream\":true", StringComparison.Ordinal))
                {
                    return;
                }

                lastProblem = info;
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException)
            {
                lastProblem = e.Message;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"nats-server on port {Port} was not ready within {StartTimeout} ({lastProblem}):\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
