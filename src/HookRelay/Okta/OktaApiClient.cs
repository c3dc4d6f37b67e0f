using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace HookRelay.Okta;

/// <summary>
/// Calls one Okta org's API. Follows <c>next</c> links as opaque URLs, keeps to a share of each
/// endpoint's rate limit, waits out 429s until the window resets (server <c>Date</c> against
/// <c>X-Rate-Limit-Reset</c>, as Okta's SDKs do), retries 5xx and timeouts a few times, and turns
/// Okta's error objects into messages that say what to do. Credentials are never part of a message.
/// </summary>
internal sealed partial class OktaApiClient(
    HttpClient http,
    IOktaCredential credential,
    TimeProvider timeProvider,
    ILogger<OktaApiClient> logger,
    double rateLimitShare = 1.0,
    OktaOrgStatus? status = null)
{
    public const int MaxRetries = 4;
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, RateLimitState> _budgets = new(StringComparer.Ordinal);
    private readonly Lock _budgetGate = new();

    /// <summary>The org's health as this client has seen it (credential failures, last success).</summary>
    public OktaOrgStatus Status { get; } = status ?? new OktaOrgStatus();

    /// <summary>The first URL of a polling read of the System Log from <paramref name="since"/>.</summary>
    public static Uri PollingLogsUrl(Uri domain, DateTimeOffset since, IReadOnlyCollection<string> eventTypes, int limit = 1000)
    {
        var query = $"since={Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))}&sortOrder=ASCENDING&limit={limit}";
        if (eventTypes.Count > 0 && !eventTypes.Contains("*"))
        {
            query += "&filter=" + Uri.EscapeDataString(string.Join(" or ", eventTypes.Select(Clause)));
        }

        return new Uri(domain, "/api/v1/logs?" + query);
    }

    /// <summary>The first URL of a bounded read (published in [since, until), in published order; the last page has no next link).</summary>
    public static Uri BoundedLogsUrl(Uri domain, DateTimeOffset since, DateTimeOffset until, IReadOnlyCollection<string> eventTypes, int limit = 1000)
    {
        var polling = PollingLogsUrl(domain, since, eventTypes, limit);
        var stamp = until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new Uri(polling + "&until=" + Uri.EscapeDataString(stamp));
    }

    /// <summary><c>user.lifecycle.*</c> becomes <c>eventType sw "user.lifecycle."</c>, an exact type <c>eq</c>.</summary>
    private static string Clause(string eventType) =>
        eventType.EndsWith('*')
            ? $"eventType sw \"{eventType[..^1]}\""
            : $"eventType eq \"{eventType}\"";

    public async Task<SystemLogPage> GetLogPageAsync(Uri url, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, url, null, cancellationToken);
        return new SystemLogPage(await ReadEventsAsync(response, cancellationToken), NextLink(response), ReadRateLimit(response));
    }

    /// <summary>
    /// Sends a request (a JSON body, if any, is sent again on each attempt) and returns the
    /// successful response; throws <see cref="OktaApiException"/> with advice when Okta refuses.
    /// </summary>
    /// <param name="idempotent">False for a request that must not be repeated once it may have reached Okta (a create): then only 429s, which Okta did not act on, are retried.</param>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, string? jsonBody, CancellationToken cancellationToken, bool idempotent = true)
    {
        var renewed = false;
        for (var attempt = 0; ; attempt++)
        {
            AuthenticationHeaderValue? sent = null;
            await KeepToBudgetAsync(url, cancellationToken);
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (jsonBody is not null)
            {
                request.Content = new StringContent(jsonBody, System.Text.Encoding.UTF8, "application/json");
            }

            HttpResponseMessage response;
            try
            {
                // Inside the retry: a service app's token request meets the same network as the call.
                sent = await AuthorizeAsync(cancellationToken);
                request.Headers.Authorization = sent;
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception ex) when (idempotent && attempt < MaxRetries && !cancellationToken.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException)
            {
                // A timeout, a refused connection or a 5xx from the token endpoint: Okta (or the network) is having a moment.
                LogUnreachable(logger, ex.Message, attempt + 1);
                await Task.Delay(TimeSpan.FromSeconds(1 << attempt), timeProvider, cancellationToken);
                continue;
            }

            var rateLimit = ReadRateLimit(response);
            RecordBudget(url, rateLimit);
            if (response.IsSuccessStatusCode)
            {
                Status.RecordSuccess(timeProvider.GetUtcNow());
                return response;
            }

            TimeSpan? wait;
            using (response)
            {
                wait = RetryWait(response, rateLimit, attempt, idempotent);
                if (wait is null || attempt >= MaxRetries)
                {
                    var error = await ErrorAsync(response, cancellationToken);
                    if (error.StatusCode == 401)
                    {
                        // A service app's token revoked early: one more try with a fresh one.
                        if (!renewed && sent is not null && credential.Invalidate(sent))
                        {
                            renewed = true;
                            continue;
                        }

                        Status.RecordCredentialFailure(timeProvider.GetUtcNow(), error.Message);
                    }

                    throw error;
                }

                LogWaiting(logger, (int)response.StatusCode, wait.Value, attempt + 1);
            }

            await Task.Delay(wait.Value, timeProvider, cancellationToken);
        }
    }

    /// <summary>
    /// Leaves the rest of each endpoint's window to the org's other API clients: once this client
    /// has used its share, it waits for the window to reset.
    /// </summary>
    private async Task KeepToBudgetAsync(Uri url, CancellationToken cancellationToken)
    {
        RateLimitState? budget;
        lock (_budgetGate)
        {
            _budgets.TryGetValue(url.AbsolutePath, out budget);
        }

        if (budget is null || rateLimitShare >= 1.0)
        {
            return;
        }

        var reserved = budget.Limit * (1.0 - rateLimitShare);
        var wait = budget.LocalReset - timeProvider.GetUtcNow() + TimeSpan.FromSeconds(1);
        if (budget.Remaining <= reserved && wait > TimeSpan.Zero)
        {
            LogBudgetWait(logger, url.AbsolutePath, budget.Limit - budget.Remaining, budget.Limit, wait < MaxWait ? wait : MaxWait);
            await Task.Delay(wait < MaxWait ? wait : MaxWait, timeProvider, cancellationToken);
            lock (_budgetGate)
            {
                _budgets.Remove(url.AbsolutePath);
            }
        }
    }

    private void RecordBudget(Uri url, RateLimitState? rateLimit)
    {
        if (rateLimit is null)
        {
            return;
        }

        lock (_budgetGate)
        {
            _budgets[url.AbsolutePath] = rateLimit;
        }
    }

    /// <summary>429: until the window resets (+1 s); 5xx: a short backoff (only for requests safe to repeat); anything else: not retried.</summary>
    private TimeSpan? RetryWait(HttpResponseMessage response, RateLimitState? rateLimit, int attempt, bool idempotent)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var serverNow = response.Headers.Date ?? timeProvider.GetUtcNow();
            var wait = rateLimit is null ? TimeSpan.FromSeconds(1) : rateLimit.Reset - serverNow + TimeSpan.FromSeconds(1);
            return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > MaxWait ? MaxWait : wait;
        }

        return (int)response.StatusCode >= 500 && idempotent ? TimeSpan.FromSeconds(1 << attempt) : null;
    }

    private RateLimitState? ReadRateLimit(HttpResponseMessage response)
    {
        var localNow = timeProvider.GetUtcNow();
        static long? Header(HttpResponseMessage r, string name) =>
            r.Headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var v) ? v : null;

        return Header(response, "X-Rate-Limit-Limit") is { } limit && Header(response, "X-Rate-Limit-Remaining") is { } remaining && Header(response, "X-Rate-Limit-Reset") is { } reset
            ? new RateLimitState((int)limit, (int)remaining, DateTimeOffset.FromUnixTimeSeconds(reset), localNow + (DateTimeOffset.FromUnixTimeSeconds(reset) - (response.Headers.Date ?? localNow)))
            : null;
    }

    /// <summary>The <c>rel="next"</c> link, from one Link header or several.</summary>
    private static Uri? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var link in values.SelectMany(v => v.Split(',')))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length > 1 && parts.Skip(1).Any(p => p.Replace(" ", string.Empty, StringComparison.Ordinal) == "rel=\"next\"")
                && Uri.TryCreate(parts[0].Trim('<', '>'), UriKind.Absolute, out var next))
            {
                return next;
            }
        }

        return null;
    }

    private static async Task<IReadOnlyList<string>> ReadEventsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetRawText())];
    }

    /// <summary>The credential's header; a refused token request counts as a credential failure too.</summary>
    private async ValueTask<AuthenticationHeaderValue> AuthorizeAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await credential.AuthorizeAsync(cancellationToken);
        }
        catch (OktaApiException ex)
        {
            Status.RecordCredentialFailure(timeProvider.GetUtcNow(), ex.Message);
            throw;
        }
    }

    private async Task<OktaApiException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? code = null, summary = null;
        try
        {
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            code = error.RootElement.TryGetProperty("errorCode", out var c) ? c.GetString() : null;
            summary = error.RootElement.TryGetProperty("errorSummary", out var s) ? s.GetString() : null;
        }
        catch (JsonException)
        {
            // Not an Okta error object; the status code says enough.
        }

        var status = (int)response.StatusCode;
        var advice = code switch
        {
            "E0000011" => credential.UnauthorizedAdvice,
            "E0000006" => credential.ForbiddenAdvice,
            "E0000047" => "Okta's rate limit held after several waits: lower the reconciliation frequency or raise the token's share of the limit.",
            _ => "Okta refused the request.",
        };
        return new OktaApiException(status, code, $"Okta answered {status}{(code is null ? string.Empty : " " + code)}: {summary ?? response.ReasonPhrase}. {advice}");
    }

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Okta could not be reached ({Reason}); attempt {Attempt} follows after a pause")]
    private static partial void LogUnreachable(ILogger logger, string reason, int attempt);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Used {Used} of {Limit} requests on {Path} this window, our share; waiting {Wait} for the window to reset")]
    private static partial void LogBudgetWait(ILogger logger, string path, int used, int limit, TimeSpan wait);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Okta answered {Status}; waiting {Wait} before attempt {Attempt}")]
    private static partial void LogWaiting(ILogger logger, int status, TimeSpan wait, int attempt);
}
