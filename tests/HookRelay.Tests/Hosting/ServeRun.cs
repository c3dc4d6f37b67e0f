using System.Diagnostics;
using System.Globalization;
using System.Net;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Hosting;

/// <summary>Starting and stopping the real <c>hookrelay serve</c> for the tests about its start.</summary>
public static class ServeRun
{
    public const string SecretVariable = "HOOKRELAY_Hooks__okta__Secrets__0";

    /// <summary>HostOptions.ShutdownTimeout of <c>hookrelay serve</c>, plus room for the process to end.</summary>
    public static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(35);

    public static string Url(int port, string host = "127.0.0.1", string scheme = "http") =>
        $"{scheme}://{host}:{port.ToString(CultureInfo.InvariantCulture)}";

    public static Uri Loopback(int port, string scheme = "http") => new(Url(port, scheme: scheme));

    public static Dictionary<string, string> WithSecret(string secret = TestSecrets.Primary) => new() { [SecretVariable] = secret };

    /// <summary>Starts <c>hookrelay</c> with these arguments and waits until it answers on 127.0.0.1:port.</summary>
    public static async Task<HookRelayProcess> StartLiveAsync(int port, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var process = HookRelayProcess.Start(args, environment, workingDirectory);
        try
        {
            await process.WaitUntilLiveAsync(Loopback(port));
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM, then the exit code must be 0.</summary>
    public static async Task StopAsync(HookRelayProcess process)
    {
        process.Terminate();
        var exitCode = await process.WaitForExitAsync(ExitTimeout);
        Assert.True(exitCode == 0, $"hookrelay exited with {exitCode} after SIGTERM.\nstderr:\n{process.StandardError}");
    }

    /// <summary>
    /// Runs a start that must fail; fails fast, with the output, if the server starts listening on
    /// 127.0.0.1:port instead.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> ExpectExitAsync(int port, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        await using var process = HookRelayProcess.Start(args, environment);
        using var client = new HttpClient { BaseAddress = Loopback(port), Timeout = TimeSpan.FromSeconds(1) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
                return (exitCode, process.StandardOutput, process.StandardError);
            }

            if (await IsLiveAsync(client))
            {
                Assert.Fail($"hookrelay serve started instead of stopping.\nstdout:\n{process.StandardOutput}\nstderr:\n{process.StandardError}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"hookrelay serve neither stopped nor started.\nstdout:\n{process.StandardOutput}\nstderr:\n{process.StandardError}");
    }

    /// <summary>A refused start: exit code 1 and one plain message, no stack trace, naming the setting.</summary>
    public static void AssertRefused((int ExitCode, string Stdout, string Stderr) run, string setting)
    {
        Assert.True(run.ExitCode == 1, $"Exit code {run.ExitCode}, expected 1.\nstderr:\n{run.Stderr}");
        // Logs share stderr; the verdict is the "hookrelay: …" line that names the setting.
        var verdict = run.Stderr.Split('\n').Where(l => l.StartsWith("hookrelay: ", StringComparison.Ordinal)).ToList();
        Assert.True(verdict.Count > 0, $"no 'hookrelay: ' line on stderr:\n{run.Stderr}");
        Assert.Contains(verdict, l => l.Contains(setting, StringComparison.Ordinal));
        Assert.DoesNotContain("Unhandled exception", run.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Okta's verification GET; returns the status and the echoed challenge, if any.</summary>
    public static async Task<(HttpStatusCode Status, string? Verification)> VerifyAsync(HttpClient client, string secret, string header = "Authorization")
    {
        var challenge = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hooks/okta");
        request.Headers.TryAddWithoutValidation(header, secret);
        request.Headers.Add("X-Okta-Verification-Challenge", challenge);
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null);
        }

        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var verification = body.RootElement.GetProperty("verification").GetString();
        Assert.Equal(challenge, verification);
        return (response.StatusCode, verification);
    }

    private static async Task<bool> IsLiveAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/health/live");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
