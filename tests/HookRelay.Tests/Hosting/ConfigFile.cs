using System.Diagnostics;
using System.Net;

namespace HookRelay.Tests.Hosting;

/// <summary>JSON settings files for a hook, and waiting for the running server to apply an edit.</summary>
public static class ConfigFile
{
    /// <summary>
    /// Long enough for the server to have seen an edit: it polls its config files, and
    /// PhysicalFileProvider's polling watcher looks every 4 seconds.
    /// </summary>
    public static readonly TimeSpan ReloadPeriod = TimeSpan.FromSeconds(5);

    public static string Write(string folder, string name, string secret, string? secondSecret = null, string headerName = "Authorization")
    {
        var path = Path.Combine(folder, name);
        var secrets = secondSecret is null ? $"\"{secret}\"" : $"\"{secret}\", \"{secondSecret}\"";
        File.WriteAllText(path, $$"""{ "Hooks": { "okta": { "Secrets": [ {{secrets}} ], "HeaderName": "{{headerName}}" } } }""");
        return path;
    }

    /// <summary>Polls until the verification GET with this secret answers the status: configuration reloads in the background.</summary>
    public static async Task WaitForStatusAsync(HttpClient client, string secret, HttpStatusCode expected)
    {
        var deadline = Stopwatch.StartNew();
        var last = HttpStatusCode.InternalServerError;
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            last = (await ServeRun.VerifyAsync(client, secret)).Status;
            if (last == expected)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"After editing the config file the verification still answered {(int)last}, expected {(int)expected}.");
    }
}
