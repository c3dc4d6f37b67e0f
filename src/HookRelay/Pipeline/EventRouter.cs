using System.Text.RegularExpressions;
using HookRelay.Storage;
using Microsoft.Extensions.Options;

namespace HookRelay.Pipeline;

/// <summary>
/// Decides, at receipt, which sinks each event goes to. The answer is stored with the event (one
/// dispatch row per sink) in the same commit, so routing survives restarts. Routes are read at
/// start; changing them takes a restart.
/// </summary>
internal sealed class EventRouter
{
    private readonly CompiledRoute[] _routes;

    public EventRouter(IOptions<PipelineOptions> options) =>
        _routes = [.. options.Value.Routes.Select(r => new CompiledRoute(
            r.Hooks.ToHashSet(StringComparer.OrdinalIgnoreCase),
            [.. r.Events.Select(EventTypeGlob.Compile)],
            [.. r.Sinks.Select(s => Canonical(options.Value, s))]))];

    /// <summary>
    /// A sink as its <c>Sinks</c> key is spelt: names match without regard to case, but work items
    /// are stored and claimed by exact name.
    /// </summary>
    public static string Canonical(PipelineOptions options, string sink) =>
        options.Sinks.Keys.FirstOrDefault(k => string.Equals(k, sink, StringComparison.OrdinalIgnoreCase)) ?? sink;

    /// <summary>Each sink once, however many routes select the event for it.</summary>
    public IReadOnlyList<string> SinksFor(string hook, string? eventType)
    {
        List<string>? sinks = null;
        foreach (var route in _routes)
        {
            if (route.Matches(hook, eventType))
            {
                sinks ??= [];
                sinks.AddRange(route.Sinks.Where(s => !sinks.Contains(s, StringComparer.OrdinalIgnoreCase)));
            }
        }

        return sinks ?? (IReadOnlyList<string>)[];
    }

    public ReceivedDelivery Route(ReceivedDelivery delivery) =>
        delivery with { Events = [.. delivery.Events.Select(e => e with { Sinks = SinksFor(delivery.Hook, e.EventType) })] };

    private sealed record CompiledRoute(HashSet<string> Hooks, Regex[] Events, string[] Sinks)
    {
        public bool Matches(string hook, string? eventType) =>
            (Hooks.Count == 0 || Hooks.Contains(hook))
            && (Events.Length == 0 || Events.Any(glob => glob.IsMatch(eventType ?? string.Empty)));
    }
}
