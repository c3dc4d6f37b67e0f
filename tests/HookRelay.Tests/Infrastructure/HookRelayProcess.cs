using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HookRelay.Tests.Infrastructure;

/// <summary>
/// The real <c>hookrelay</c> executable in its own process: for the CLI, start-up failures,
/// signals and crash safety. The build puts hookrelay.dll beside the test assembly.
/// </summary>
public sealed class HookRelayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private HookRelayProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string ExecutablePath => Path.Combine(AppContext.BaseDirectory, "hookrelay.dll");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public static HookRelayProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(ExecutablePath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Only what the test sets: no HOOKRELAY_ settings leak in from the machine.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("HOOKRELAY_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new HookRelayProcess(Process.Start(info)!);
    }

    /// <summary>Runs a CLI command to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        await using var process = Start(args, environment, workingDirectory);
        var exitCode = await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return (exitCode, process.StandardOutput, process.StandardError);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls /health/live until the server answers; fails with its output if it exits first.</summary>
    public async Task WaitUntilLiveAsync(Uri baseAddress, TimeSpan? timeout = null)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"hookrelay exited with {_process.ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }

            try
            {
                using var response = await client.GetAsync("/health/live");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"hookrelay did not become live.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"hookrelay did not exit within {timeout}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }

        // WaitForExitAsync also waits for the output readers to reach end of stream.
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as systemd or Kubernetes would.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>SIGKILL: no chance to flush or clean up.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
    }

    private void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            builder.AppendLine(line);
        }
    }
}
