using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace HookRelay.Tests.Infrastructure;

/// <summary>
/// A real, throwaway PostgreSQL cluster (installed from apt by ./test.sh): initdb into a temp folder,
/// then the postgres binary as a child process on a free loopback port. Tests normally share one
/// cluster (<see cref="SharedAsync"/>) and each take a database of their own; a test that stops,
/// kills or restarts the server starts its own with <see cref="StartAsync"/>. Disposing kills it
/// and deletes the folder.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private static readonly Lazy<Task<PostgresCluster>> Shared = new(StartSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, bool> _handedOut = new(StringComparer.Ordinal);
    private readonly string _binDirectory;
    private readonly bool _fsync;
    private readonly bool _shared;
    private Process? _process;

    private PostgresCluster(string directory, string binDirectory, bool fsync, bool shared)
    {
        RootDirectory = directory;
        _binDirectory = binDirectory;
        _fsync = fsync;
        _shared = shared;
    }

    public int Port { get; private set; }

    /// <summary>Holds the data folder and the Unix socket; owned by the postgres user when running as root.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>What initdb and the server wrote so far, for failure messages.</summary>
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

    /// <summary>The cluster the whole test run shares, started on first use and killed when the process exits.</summary>
    public static Task<PostgresCluster> SharedAsync() => Shared.Value;

    /// <summary>A cluster of one's own. fsync stays off by default: no test here survives a power cut, and it is much faster.</summary>
    public static Task<PostgresCluster> StartAsync(bool fsync = false) => StartCoreAsync(fsync, shared: false);

    /// <summary>A connection string for <paramref name="database"/> on this cluster.</summary>
    public string ConnectionString(string database)
    {
        var connectionString = $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database}";
        _handedOut.TryAdd(connectionString, true);
        return connectionString;
    }

    /// <summary>Creates an empty database with a fresh name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "hr_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Starts the server (again) on the same port and data folder, and waits until it answers queries.</summary>
    public async Task RestartAsync()
    {
        ThrowIfShared();
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("postgres is already running.");
        }

        // Right after a kill the old server's processes may still be on their way out; postgres then
        // refuses to start on that data folder, so give them a moment.
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var failure = await TryStartAsync();
            if (failure is null)
            {
                return;
            }

            var staleServer = failure.Contains("postmaster.pid\" already exists", StringComparison.Ordinal)
                || failure.Contains("pre-existing shared memory block", StringComparison.Ordinal);
            if (!staleServer || clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                throw new InvalidOperationException($"postgres did not start on port {Port}:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Fast shutdown (SIGINT): clients are cut off, committed data is written out. The data folder stays.</summary>
    public async Task StopAsync()
    {
        ThrowIfShared();
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        using (process)
        {
            if (!process.HasExited)
            {
                await SignalAsync(process, "INT");
            }

            try
            {
                await process.WaitForExitAsync().WaitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(StopTimeout);
            }
        }

        ClearPools();
    }

    /// <summary>SIGKILL to the server and all its backends, as a crash; the next start runs crash recovery.</summary>
    public async Task KillAsync()
    {
        ThrowIfShared();
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        using (process)
        {
            KillNow(process);
            await process.WaitForExitAsync().WaitAsync(StopTimeout);
        }

        ClearPools();
    }

    public async ValueTask DisposeAsync()
    {
        // The shared cluster outlives any one test; the process exit handler ends it.
        if (_shared)
        {
            return;
        }

        await KillAsync();
        DeleteDirectory();
    }

    private static async Task<PostgresCluster> StartSharedAsync()
    {
        var cluster = await StartCoreAsync(fsync: false, shared: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // The test runner kills this process some tens of milliseconds after the run, so no
            // tree walk and no waiting here: the backends exit once the postmaster is gone, and the
            // watchdog finishes deleting the folder if this handler does not get to.
            if (cluster._process is { HasExited: false } process)
            {
                process.Kill();
            }

            cluster.DeleteDirectory();
        };
        return cluster;
    }

    private static async Task<PostgresCluster> StartCoreAsync(bool fsync, bool shared)
    {
        var directory = Path.Combine("/tmp", "hookrelay-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var cluster = new PostgresCluster(directory, FindBinDirectory(), fsync, shared);
        try
        {
            StartWatchdog(directory);
            await cluster.InitAsync();

            // Another process may take the free port before postgres binds it: try a few.
            for (var attempt = 1; ; attempt++)
            {
                cluster.Port = NatsServer.FreePort();
                var failure = await cluster.TryStartAsync();
                if (failure is null)
                {
                    return cluster;
                }

                var portTaken = failure.Contains("could not bind", StringComparison.Ordinal)
                    || failure.Contains("Address already in use", StringComparison.Ordinal);
                if (!portTaken || attempt >= 3)
                {
                    throw new InvalidOperationException($"postgres did not start on port {cluster.Port}:\n{cluster.Output}");
                }
            }
        }
        catch
        {
            if (cluster._process is { } process)
            {
                KillNow(process);
                process.Dispose();
            }

            cluster.DeleteDirectory();
            throw;
        }
    }

    private static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var newest = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Where(dir => File.Exists(Path.Combine(dir, "bin", "initdb")))
                .Select(dir => (Dir: dir, Version: ParseVersion(Path.GetFileName(dir))))
                .Where(candidate => candidate.Version is not null)
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Dir)
                .FirstOrDefault()
            : null;
        return newest is not null
            ? Path.Combine(newest, "bin")
            : throw new InvalidOperationException(
                "PostgreSQL is not installed, and the Postgres tests need a real server. Run ./test.sh (it installs postgresql from apt), or: apt-get install -y postgresql");
    }

    // Folders are "15", "16" (or "9.6" on old systems).
    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    /// <summary>
    /// A detached shell that kills the server and deletes the folder once this test process is gone,
    /// however it went (killed by the runner, crashed, or a test that never disposed its cluster).
    /// It leaves on its own when the folder is deleted normally.
    /// </summary>
    private static void StartWatchdog(string directory)
    {
        const string script = """
            exec </dev/null >/dev/null 2>&1
            trap '' INT HUP
            while kill -0 "$1" && [ -d "$2" ]; do sleep 0.5; done
            [ -d "$2" ] || exit 0
            pid=$(head -n 1 "$2/data/postmaster.pid")
            if [ -n "$pid" ] && grep -aqF "$2" "/proc/$pid/cmdline"; then kill -KILL "$pid"; fi
            for attempt in 1 2 3 4 5; do rm -rf "$2"; [ -e "$2" ] || exit 0; sleep 1; done
            """;

        // setsid -f: a new session (no Ctrl+C from the terminal) and a parent that exits at once,
        // so the shell is nobody's child here and a process-tree kill of this process misses it.
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var arg in new[] { "-f", "sh", "-c", script, "hookrelay-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), directory })
        {
            info.ArgumentList.Add(arg);
        }

        using var setsid = Process.Start(info) ?? throw new InvalidOperationException("setsid did not start.");
        setsid.WaitForExit();
    }

    private static void KillNow(Process process)
    {
        if (!process.HasExited)
        {
            // The whole tree: a lone SIGKILL to the postmaster leaves its backends running for a moment.
            process.Kill(entireProcessTree: true);
        }
    }

    private static async Task SignalAsync(Process process, string signal)
    {
        var info = new ProcessStartInfo("kill") { UseShellExecute = false };
        info.ArgumentList.Add("-" + signal);
        info.ArgumentList.Add(process.Id.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(info) ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync();
    }

    private async Task InitAsync()
    {
        if (Environment.IsPrivilegedProcess)
        {
            // initdb and postgres refuse to run as root; they run as postgres and need the folder.
            await RunToEndAsync("chown", ["postgres:postgres", RootDirectory]);
        }

        var (fileName, args) = AsServerUser(
            Path.Combine(_binDirectory, "initdb"),
            ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await RunToEndAsync(fileName, args);
    }

    /// <summary>Starts postgres and waits until it answers; returns this attempt's output if it exits instead.</summary>
    private async Task<string?> TryStartAsync()
    {
        var fsync = _fsync ? "on" : "off";
        string[] args =
        [
            "-D", DataDirectory,
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-k", RootDirectory,
            "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=" + fsync,
            "-c", "full_page_writes=" + fsync, // torn pages only matter when the disk writes are real
            "-c", "synchronous_commit=on",
            "-c", "max_connections=300",
        ];

        int mark;
        lock (_gate)
        {
            mark = _output.Length;
        }

        var (fileName, fullArgs) = AsServerUser(Path.Combine(_binDirectory, "postgres"), args);
        var process = StartCapturing(fileName, fullArgs);
        _process = process;
        var stopwatch = Stopwatch.StartNew();
        string? lastProblem = null;
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // lets the last output lines arrive
                _process = null;
                process.Dispose();
                lock (_gate)
                {
                    return _output.ToString(mark, _output.Length - mark);
                }
            }

            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString());
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT current_setting('data_directory')", connection);
                var dataDirectory = await command.ExecuteScalarAsync() as string;

                // If another server took the port first, ours is about to exit with a bind error.
                if (dataDirectory == DataDirectory)
                {
                    return null;
                }

                lastProblem = $"port {Port} answered with data directory {dataDirectory}";
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                lastProblem = e.Message;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"postgres on port {Port} was not ready within {StartTimeout} ({lastProblem}):\n{Output}");
    }

    // Unpooled: a pooled admin connection would outlive a stop and fail on first use after the restart.
    private string AdminConnectionString() =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres;Timeout=2;Pooling=false";

    /// <summary>As root, wraps the command in setpriv so it runs as postgres; setpriv execs, so the PID stays the server's.</summary>
    private static (string FileName, IReadOnlyList<string> Args) AsServerUser(string binary, string[] args) =>
        Environment.IsPrivilegedProcess
            ? ("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", binary, .. args])
            : (binary, args);

    private async Task RunToEndAsync(string fileName, IReadOnlyList<string> args)
    {
        using var process = StartCapturing(fileName, args);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} exited with code {process.ExitCode}:\n{Output}");
        }
    }

    private Process StartCapturing(string fileName, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // Pooled connections to a stopped server are dead; without this the first use after a restart fails.
    private void ClearPools()
    {
        foreach (var connectionString in _handedOut.Keys)
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private void ThrowIfShared()
    {
        if (_shared)
        {
            throw new InvalidOperationException("The shared cluster serves every test; start a cluster of your own with PostgresCluster.StartAsync() to stop or restart one.");
        }
    }

    private void DeleteDirectory()
    {
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A backend still on its way out wrote a file mid-delete; the watchdog retries.
        }
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
