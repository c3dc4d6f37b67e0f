using System.Text;

namespace HookRelay.Simulator;

/// <summary>
/// <c>/api/v1/eventHooks</c> as Okta serves it: list, create, get, replace, delete (INACTIVE
/// hooks only) and the lifecycle operations, verify among them really calling the hook.
/// </summary>
internal static class EventHookEndpoints
{
    /// <summary>The OAuth scopes Okta asks for: read for list and get, manage for everything else.</summary>
    public const string ReadScope = "okta.eventHooks.read";
    public const string ManageScope = "okta.eventHooks.manage";

    public static IEndpointRouteBuilder MapSimulatedEventHooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/api/v1/eventHooks");
        hooks.MapGet(string.Empty, List);
        hooks.MapPost(string.Empty, CreateAsync);
        hooks.MapGet("/{id}", Get);
        hooks.MapPut("/{id}", ReplaceAsync);
        hooks.MapDelete("/{id}", Delete);
        hooks.MapPost("/{id}/lifecycle/activate", Activate);
        hooks.MapPost("/{id}/lifecycle/deactivate", Deactivate);
        hooks.MapPost("/{id}/lifecycle/verify", VerifyAsync);
        return app;
    }

    internal static IResult List(HttpRequest request, SimulatedEventHooks store, SimulatedAuthorization authorization) =>
        authorization.Check(request) ?? Json(string.Join(',', store.List().Select(h => EventHookJson.Render(h, OrgUrl(request)).ToJsonString())), array: true);

    internal static IResult Get(string id, HttpRequest request, SimulatedEventHooks store, SimulatedAuthorization authorization) =>
        authorization.Check(request) ?? (store.Get(id) is { } hook ? Render(request, hook) : NotFound(id));

    internal static async Task<IResult> CreateAsync(HttpRequest request, SimulatedEventHooks store, SimulatedAuthorization authorization)
    {
        if (authorization.Check(request) is { } refused)
        {
            return refused;
        }

        var causes = new List<string>();
        var definition = EventHookRequest.Parse(await ReadBodyAsync(request), causes);
        return definition is null ? Invalid(causes) : Render(request, store.Create(definition));
    }

    internal static async Task<IResult> ReplaceAsync(string id, HttpRequest request, SimulatedEventHooks store, SimulatedAuthorization authorization)
    {
        if (authorization.Check(request) is { } refused)
        {
            return refused;
        }

        if (store.Get(id) is null)
        {
            return NotFound(id);
        }

        var causes = new List<string>();
        var definition = EventHookRequest.Parse(await ReadBodyAsync(request), causes);
        if (definition is null)
        {
            return Invalid(causes);
        }

        return store.Replace(id, definition) is { } replaced ? Render(request, replaced) : NotFound(id);
    }

    /// <summary>Only an INACTIVE hook can be deleted; the spec lists 403 as this call's refusal.</summary>
    internal static IResult Delete(string id, HttpRequest request, SimulatedEventHooks store, SimulatedAuthorization authorization)
    {
        if (authorization.Check(request) is { } refused)
        {
            return refused;
        }

        var hook = store.Get(id);
        if (hook is null)
        {
            return NotFound(id);
        }

        if (hook.Status != SimulatedEventHook.Inactive)
        {
            return OktaErrors.Error(
                StatusCodes.Status403Forbidden, "E0000006", "You do not have permission to perform the requested action", "Only INACTIVE event hooks can be deleted; deactivate it first.");
        }

        store.Delete(id);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> VerifyAsync(string id, HttpRequest request, SimulatedEventHooks store, SimulatedAuthorization authorization, EventHookVerifier verifier)
    {
        if (authorization.Check(request) is { } refused)
        {
            return refused;
        }

        if (store.Get(id) is not { } hook)
        {
            return NotFound(id);
        }

        if (!await verifier.VerifyAsync(hook.Definition, request.HttpContext.RequestAborted))
        {
            return Invalid([$"Unable to verify event hook. Hook {hook.Definition.Name} execution failed"]);
        }

        return store.MarkVerified(id, hook.Definition) is { } verified ? Render(request, verified) : NotFound(id);
    }

    internal static IResult Activate(string id, HttpRequest request, SimulatedEventHooks store, SimulatedAuthorization authorization) =>
        authorization.Check(request) ?? Changed(request, id, store.SetStatus(id, SimulatedEventHook.Active));

    internal static IResult Deactivate(string id, HttpRequest request, SimulatedEventHooks store, SimulatedAuthorization authorization) =>
        authorization.Check(request) ?? Changed(request, id, store.SetStatus(id, SimulatedEventHook.Inactive));

    private static IResult Changed(HttpRequest request, string id, SimulatedEventHook? changed) =>
        changed is null ? NotFound(id) : Render(request, changed);

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Render(HttpRequest request, SimulatedEventHook hook) => Json(EventHookJson.Render(hook, OrgUrl(request)).ToJsonString(), array: false);

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Json(string json, bool array) => TypedResults.Text(array ? "[" + json + "]" : json, "application/json", Encoding.UTF8);

    private static IResult NotFound(string id) =>
        OktaErrors.Error(StatusCodes.Status404NotFound, "E0000007", $"Not found: Resource not found: {id} (EventHook)");

    private static IResult Invalid(IEnumerable<string> causes) =>
        OktaErrors.Error(StatusCodes.Status400BadRequest, "E0000001", "Api validation failed: eventHook", causes);

    private static string OrgUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }
}
