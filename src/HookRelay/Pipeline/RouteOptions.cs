namespace HookRelay.Pipeline;

/// <summary>One entry of <c>Routes</c>: events of these hooks and types go to these sinks.</summary>
internal sealed class RouteOptions
{
    /// <summary>Hook names; empty means every hook.</summary>
    public List<string> Hooks { get; set; } = [];

    /// <summary>Event type globs such as <c>user.lifecycle.*</c>; empty means every type.</summary>
    public List<string> Events { get; set; } = [];

    public List<string> Sinks { get; set; } = [];
}
