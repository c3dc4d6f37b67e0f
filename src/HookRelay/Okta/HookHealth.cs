using HookRelay.Okta.EventHooks;

namespace HookRelay.Okta;

/// <summary>
/// Whether Okta will deliver to HookRelay: for each HookRelay hook of an org, an Okta event hook
/// whose URI ends in <c>/hooks/{name}</c> must be ACTIVE and VERIFIED — Okta sends nothing otherwise.
/// </summary>
internal static class HookHealth
{
    public static IReadOnlyList<string> Problems(IReadOnlyCollection<string> relayHooks, IReadOnlyList<EventHook> oktaHooks)
    {
        var problems = new List<string>();
        foreach (var relayHook in relayHooks)
        {
            var delivering = oktaHooks.Where(h => DeliversTo(h, relayHook)).ToList();
            if (delivering.Count == 0)
            {
                problems.Add($"no Okta event hook delivers to HookRelay hook '{relayHook}' (none has a URI ending in /hooks/{relayHook}); create one with hookrelay okta hooks create");
                continue;
            }

            // One working hook is enough; a deactivated old one beside it is no problem.
            if (delivering.Any(h => string.Equals(h.Status, EventHook.Active, StringComparison.OrdinalIgnoreCase)
                && string.Equals(h.VerificationStatus, EventHook.Verified, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            foreach (var hook in delivering)
            {
                if (!string.Equals(hook.Status, EventHook.Active, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"Okta event hook '{hook.Name}' ({hook.Id}) is {hook.Status ?? "in an unknown state"}: Okta sends it nothing; run hookrelay okta hooks activate {hook.Id}");
                }
                else if (!string.Equals(hook.VerificationStatus, EventHook.Verified, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"Okta event hook '{hook.Name}' ({hook.Id}) is {hook.VerificationStatus ?? "not verified"}: Okta sends it nothing until it is verified; run hookrelay okta hooks verify {hook.Id}");
                }
            }
        }

        return problems;
    }

    /// <summary>The ids of the org's Okta event hooks that deliver to one of these HookRelay hooks.</summary>
    public static IReadOnlySet<string> Delivering(IReadOnlyCollection<string> relayHooks, IReadOnlyList<EventHook> oktaHooks) =>
        oktaHooks.Where(h => h.Id is not null && relayHooks.Any(r => DeliversTo(h, r))).Select(h => h.Id!).ToHashSet(StringComparer.Ordinal);

    private static bool DeliversTo(EventHook hook, string relayHook) =>
        hook.Channel.Config.Uri.AbsolutePath.TrimEnd('/').EndsWith("/hooks/" + relayHook, StringComparison.OrdinalIgnoreCase);
}
