using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HookRelay.Hooks;

/// <summary>
/// Prints, once, how to register a hook whose secret HookRelay just generated. This goes to the
/// console directly, never through logging, so the secret cannot reach a log pipeline.
/// </summary>
internal sealed class RegistrationBanner(
    GeneratedSecretStore generatedSecrets,
    HookRegistry registry,
    IServer server,
    IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:8080";
        foreach (var (hook, secret) in generatedSecrets.CreatedThisRun)
        {
            var header = registry.TryGet(hook, out var registered) ? registered.HeaderName : HookOptions.DefaultHeaderName;
            Console.Out.WriteLine($"""

                HookRelay generated a secret for hook '{hook}' and keeps it in {generatedSecrets.Location(hook)}.
                It is shown this once. Register the hook in Okta (Admin Console > Workflow > Event Hooks > Create Event Hook):
                  Endpoint URL           https://<your public host>/hooks/{hook}   (HookRelay listens on {listening}; Okta calls HTTPS only)
                  Authentication field   {header}
                  Authentication secret  {secret}
                Then choose the event types, save, and click Verify: HookRelay answers Okta's verification challenge.

                """);
        }
    }
}
