using System.Diagnostics.CodeAnalysis;
using HookRelay.Admin;
using HookRelay.Authentication;
using HookRelay.Hooks;
using HookRelay.Operations;
using HookRelay.Pipeline;
using HookRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HookRelay.Receiver;

/// <summary>
/// <c>GET|POST /hooks/{name}</c>, the endpoint Okta calls. The only work done inside the request
/// is checking, parsing and the durable append; everything else happens later, from the store.
/// </summary>
internal static class HookEndpoints
{
    public const string ChallengeHeader = "X-Okta-Verification-Challenge";
    private const string UnknownHookTag = "(unknown)";

    public static IEndpointRouteBuilder MapHookEndpoints(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/hooks/{name}");
        hooks.MapGet(string.Empty, Verify);
        hooks.MapPost(string.Empty, ReceiveAsync);
        return app;
    }

    /// <summary>Okta's one-time verification: echo the challenge header in a JSON body.</summary>
    internal static Results<JsonHttpResult<VerificationResponse>, ProblemHttpResult> Verify(
        string name, HttpContext context, HookRegistry registry, HookAuthenticator authenticator, ReceiverContext receiver)
    {
        var start = receiver.Time.GetTimestamp();
        if (!TryAuthorize(name, context, registry, authenticator, out var hook, out var rejection))
        {
            return receiver.Finish(hook?.Name ?? UnknownHookTag, "rejected", rejection, start);
        }

        var challenge = context.Request.Headers[ChallengeHeader].ToString();
        if (string.IsNullOrEmpty(challenge))
        {
            return receiver.Finish(hook.Name, "malformed", HookProblems.MissingChallenge(), start);
        }

        receiver.Log.Verified(hook.Name);
        var answer = TypedResults.Json(new VerificationResponse(challenge), ReceiverJsonContext.Default.VerificationResponse, "application/json");
        return receiver.Finish(hook.Name, "verified", answer, StatusCodes.Status200OK, start);
    }

    /// <summary>An event delivery: answered 204 only once its events are committed to disk.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> ReceiveAsync(
        string name, HttpContext context, HookRegistry registry, HookAuthenticator authenticator, IEventStore store, ReceiverContext receiver, EventRouter router, DispatchSignal dispatch, EventBroadcaster stream)
    {
        var start = receiver.Time.GetTimestamp();
        if (!TryAuthorize(name, context, registry, authenticator, out var hook, out var rejection))
        {
            return receiver.Finish(hook?.Name ?? UnknownHookTag, "rejected", rejection, start);
        }

        if (!context.Request.HasJsonContentType())
        {
            return receiver.Finish(hook.Name, "unsupported_media_type", HookProblems.NotJson(), start);
        }

        ReadOnlyMemory<byte>? body;
        try
        {
            body = await RequestBody.ReadAsync(context.Request, hook.MaxBodyBytes, context.RequestAborted);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or EndOfStreamException)
        {
            return receiver.Finish(hook.Name, "malformed", HookProblems.IncompleteBody(), start);
        }

        if (body is not { } bytes)
        {
            return receiver.Finish(hook.Name, "too_large", HookProblems.TooLarge(hook.MaxBodyBytes), start);
        }

        var parsed = DeliveryParser.Parse(hook.Name, bytes, receiver.Time.GetUtcNow(), hook.MaxEventsPerDelivery);
        if (parsed.TooManyEvents)
        {
            return receiver.Finish(hook.Name, "too_large", HookProblems.TooManyEvents(parsed.Error!), start);
        }

        if (parsed.Delivery is not { } delivery)
        {
            receiver.Log.Malformed(hook.Name, parsed.Error!);
            return receiver.Finish(hook.Name, "malformed", HookProblems.Malformed(parsed.Error!), start);
        }

        AppendResult result;
        try
        {
            result = await store.AppendAsync(router.Route(delivery), context.RequestAborted);
        }
        catch (StoreUnavailableException ex)
        {
            receiver.Log.StoreFailed(hook.Name, delivery.EnvelopeEventId, ex.Message);
            context.Response.Headers.RetryAfter = "1";
            return receiver.Finish(hook.Name, "unavailable", HookProblems.StoreUnavailable(), start);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The sender gave up (Okta after 3 s); the write still completes. Counted, so that
            // timeouts show in the metrics instead of vanishing from them.
            receiver.Finish(hook.Name, "abandoned", 0, StatusCodes.Status499ClientClosedRequest, start);
            throw;
        }

        receiver.Metrics.EventsAppended(hook.Name, delivery.Events.Count, result.StoredEvents, result.DuplicateEvents);
        if (result.StoredEvents > 0)
        {
            dispatch.Notify();
            stream.Publish(delivery);
        }

        if (result.Outcome == AppendOutcome.Duplicate)
        {
            receiver.Log.DuplicateDelivery(hook.Name, delivery.EnvelopeEventId, delivery.Events.Count);
            return receiver.Finish(hook.Name, "duplicate", TypedResults.NoContent(), StatusCodes.Status204NoContent, start);
        }

        receiver.Log.Stored(hook.Name, delivery.EnvelopeEventId, delivery.Events.Count, result.StoredEvents, result.DuplicateEvents);
        return receiver.Finish(hook.Name, "stored", TypedResults.NoContent(), StatusCodes.Status204NoContent, start);
    }

    /// <summary>Fails with 404 for an unknown hook, 401 for a missing or wrong secret.</summary>
    private static bool TryAuthorize(
        string name,
        HttpContext context,
        HookRegistry registry,
        HookAuthenticator authenticator,
        [NotNullWhen(true)] out RegisteredHook? hook,
        [NotNullWhen(false)] out ProblemHttpResult? rejection)
    {
        if (!registry.TryGet(name, out hook))
        {
            rejection = HookProblems.UnknownHook(name);
            return false;
        }

        rejection = authenticator.Check(hook, context) switch
        {
            HookSecretCheck.Missing => HookProblems.MissingSecret(hook.HeaderName),
            HookSecretCheck.Mismatch => HookProblems.WrongSecret(hook.HeaderName),
            _ => null,
        };
        return rejection is null;
    }
}
