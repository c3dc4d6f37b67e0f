using System.CommandLine;
using System.Text.Json;
using HookRelay.Okta.EventHooks;
using Spectre.Console;

namespace HookRelay.Cli;

/// <summary><c>hookrelay okta hooks list|create|verify|activate|deactivate|delete|rotate-secret</c>.</summary>
internal static class OktaHooksCommand
{
    public static Command Create()
    {
        var hooks = new Command("hooks", "List, create, verify, activate, deactivate and delete the org's event hooks; rotate a hook's secret.")
        {
            List(),
            OktaHookCreateCommand.Create(),
            Lifecycle("verify", "Have Okta send the verification request to the hook (it must echo the challenge).", (api, id, ct) => api.VerifyAsync(id, ct)),
            Lifecycle("activate", "Activate an event hook.", (api, id, ct) => api.ActivateAsync(id, ct)),
            Lifecycle("deactivate", "Deactivate an event hook: Okta sends it nothing until activated again.", (api, id, ct) => api.DeactivateAsync(id, ct)),
            Delete(),
            OktaHookRotateCommand.Create(),
        };
        return hooks;
    }

    public static void Print(EventHook hook, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(hook, EventHookJsonContext.Default.EventHook));
            return;
        }

        Console.Out.WriteLine($"Event hook '{hook.Name}' ({hook.Id}): {hook.Status}, {hook.VerificationStatus}, {hook.Channel.Config.Uri}");
    }

    private static Command List()
    {
        var options = new OktaCliOptions();
        var command = new Command("list", "The org's event hooks: status, verification, URL and event types.");
        options.AddTo(command);
        command.SetAction((parse, ct) => OktaCliSession.RunAsync(parse, options, async session =>
        {
            var hooks = await session.Hooks.ListAsync(ct);
            if (parse.GetValue(options.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize([.. hooks], EventHookJsonContext.Default.ListEventHook));
                return 0;
            }

            var table = new Table().AddColumns("Id", "Name", "Status", "Verification", "URL", "Events");
            foreach (var h in hooks)
            {
                table.AddRow(Markup.Escape(h.Id ?? "-"), Markup.Escape(h.Name), h.Status ?? "-", h.VerificationStatus ?? "-", Markup.Escape(h.Channel.Config.Uri.ToString()), Markup.Escape(string.Join(", ", h.Events.Items)));
            }

            StoreCommand.PrintTable(table);
            return 0;
        }));
        return command;
    }

    private static Command Lifecycle(string name, string description, Func<EventHooksApi, string, CancellationToken, Task<EventHook>> call)
    {
        var options = new OktaCliOptions();
        var hook = new Argument<string>("hook") { Description = "The Okta event hook's id or name." };
        var command = new Command(name, description) { hook };
        options.AddTo(command);
        command.SetAction((parse, ct) => OktaCliSession.RunAsync(parse, options, async session =>
        {
            var found = await session.FindAsync(parse.GetValue(hook)!, ct);
            Print(await call(session.Hooks, found.Id!, ct), parse.GetValue(options.Json));
            return 0;
        }));
        return command;
    }

    private static Command Delete()
    {
        var options = new OktaCliOptions();
        var hook = new Argument<string>("hook") { Description = "The Okta event hook's id or name; it must be deactivated first." };
        var command = new Command("delete", "Delete an INACTIVE event hook, for good.") { hook };
        options.AddTo(command);
        command.SetAction((parse, ct) => OktaCliSession.RunAsync(parse, options, async session =>
        {
            var found = await session.FindAsync(parse.GetValue(hook)!, ct);
            if (found.Status != EventHook.Inactive)
            {
                throw new CliFailure($"event hook '{found.Name}' ({found.Id}) is {found.Status}; Okta deletes only inactive hooks: run 'hookrelay okta hooks deactivate {found.Id}' first.");
            }

            await session.Hooks.DeleteAsync(found.Id!, ct);
            if (parse.GetValue(options.Json))
            {
                Print(found, json: true);
            }
            else
            {
                Console.Out.WriteLine($"Deleted event hook '{found.Name}' ({found.Id}).");
            }

            return 0;
        }));
        return command;
    }
}
