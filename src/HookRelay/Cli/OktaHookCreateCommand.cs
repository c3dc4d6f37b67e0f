using System.CommandLine;
using System.Net;
using HookRelay.Okta.EventHooks;

namespace HookRelay.Cli;

/// <summary>
/// <c>hookrelay okta hooks create --name N --url U --events T1,T2 [--header-name H] [--hook HOOK]</c>:
/// registers a HookRelay hook with Okta, giving Okta the hook's current secret (never printed).
/// </summary>
internal static class OktaHookCreateCommand
{
    public static Command Create()
    {
        var options = new OktaCliOptions();
        var name = new Option<string>("--name") { Description = "The event hook's name in Okta.", Required = true };
        var url = new Option<string>("--url") { Description = "HookRelay's public URL, https://<host>/hooks/<hook> (Okta calls HTTPS only).", Required = true };
        var events = new Option<string>("--events") { Description = "Event types, comma-separated (user.lifecycle.create,group.user_membership.add).", Required = true };
        var header = new Option<string?>("--header-name") { Description = "The header Okta sends the secret in (default: the hook's HeaderName)." };
        var hook = new Option<string?>("--hook") { Description = "The HookRelay hook whose secret Okta sends (default: the org's first in Okta:Orgs:{org}:Hooks, or the only hook)." };
        var command = new Command("create", "Create an Okta event hook that delivers to a HookRelay hook, with that hook's secret.") { name, url, events, header, hook };
        options.AddTo(command);
        command.SetAction((parse, ct) => OktaCliSession.RunAsync(parse, options, async session =>
        {
            var receiving = ReceivingHook.Resolve(session.Configuration, session.Data, parse.GetValue(hook) ?? session.Settings.Hooks.FirstOrDefault());
            var endpoint = Endpoint(parse.GetValue(url)!);
            var types = parse.GetValue(events)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (types.Length == 0)
            {
                throw new CliFailure(CliApp.UsageError, "--events needs at least one event type.");
            }

            var headerName = parse.GetValue(header) ?? receiving.HeaderName;
            if (!string.Equals(headerName, receiving.HeaderName, StringComparison.OrdinalIgnoreCase))
            {
                throw new CliFailure(CliApp.UsageError, $"--header-name {headerName}: hook '{receiving.Name}' checks the header {receiving.HeaderName}; leave --header-name out, or change Hooks:{receiving.Name}:HeaderName.");
            }

            if (!endpoint.AbsolutePath.TrimEnd('/').EndsWith("/hooks/" + receiving.Name, StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"hookrelay: note: {endpoint} does not end in /hooks/{receiving.Name}; make sure it reaches that hook (a proxy may rewrite it).");
            }

            var definition = new EventHook(
                parse.GetValue(name)!,
                new EventHookEvents(types),
                new EventHookChannel(new EventHookChannelConfig(endpoint, new EventHookAuthScheme(headerName, receiving.CurrentSecret(TimeProvider.System.GetUtcNow())), [])));
            var created = await session.Hooks.CreateAsync(definition, ct);
            OktaHooksCommand.Print(created, parse.GetValue(options.Json));
            if (!parse.GetValue(options.Json))
            {
                Console.Out.WriteLine($"Okta sends it nothing until it is verified: run 'hookrelay okta hooks verify {created.Id} --org {session.Org}' once HookRelay answers at that URL.");
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Okta accepts only HTTPS; plain http is let through for loopback, where the simulator runs.</summary>
    private static Uri Endpoint(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new CliFailure(CliApp.UsageError, $"--url '{text}' is not an absolute URL; use https://<host>/hooks/<hook>.");
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && loopback)
            ? uri
            : throw new CliFailure(CliApp.UsageError, $"--url {uri}: Okta calls HTTPS URLs only; put HookRelay behind TLS (--cert/--key or a proxy) and pass its https:// URL.");
    }
}
