using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using HookRelay.Hosting;
using HookRelay.Operations;
using HookRelay.Storage;
using Microsoft.Extensions.Options;

namespace HookRelay.Okta;

/// <summary>
/// Assesses each org on an interval: counts events that became "missed" (grace window over, still
/// only pulled), the 24-hour volume against Okta's cap, credential and hook health. Keeps the
/// latest assessment for /health/ready and the metrics, and saves it for the CLI.
/// </summary>
internal sealed partial class OktaMonitor : HostedLoop
{
    private static readonly TimeSpan CommitSlack = TimeSpan.FromSeconds(5);
    private readonly IOptions<OktaOptions> _options;
    private readonly OktaClients _clients;
    private readonly IOktaStatusReader _reader;
    private readonly IOktaStateStore _state;
    private readonly ISingletonLocks _locks;
    private readonly HookRelayMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OktaMonitor> _logger;
    private readonly DateTimeOffset _created;
    private readonly ConcurrentDictionary<string, OktaOrgHealth> _health = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyList<string> Problems)> _hooks = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _delivering = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _missedCountedUpTo = new(StringComparer.OrdinalIgnoreCase);

    public OktaMonitor(
        IOptions<OktaOptions> options,
        OktaClients clients,
        IOktaStatusReader reader,
        IOktaStateStore state,
        ISingletonLocks locks,
        HookRelayMetrics metrics,
        IMeterFactory meterFactory,
        TimeProvider timeProvider,
        ILogger<OktaMonitor> logger)
    {
        _options = options;
        _clients = clients;
        _reader = reader;
        _state = state;
        _locks = locks;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;

        // Built before any hosted service starts, so no event stored by this process predates it.
        _created = timeProvider.GetUtcNow();
        var meter = meterFactory.Create(HookRelayMetrics.MeterName);
        meter.CreateObservableGauge("hookrelay.okta.events_24h", () => _health.Values.Select(h => new Measurement<long>(h.EventsLast24Hours, Org(h.Org))),
            description: "Events of the org in the last 24 hours; Okta stops delivering at 400,000.");
        meter.CreateObservableGauge("hookrelay.okta.reconcile_lag", () => _health.Values.Where(h => h.ReconciledUpTo is not null)
            .Select(h => new Measurement<double>((_timeProvider.GetUtcNow() - h.ReconciledUpTo!.Value).TotalSeconds, Org(h.Org))),
            unit: "s", description: "How long ago reconciliation last reached the end of the org's System Log.");
        meter.CreateObservableGauge("hookrelay.okta.healthy", () => _health.Values.Select(h => new Measurement<int>(h.Problems.Count == 0 ? 1 : 0, Org(h.Org))),
            description: "1 when the org's credentials, hooks and daily volume are fine; 0 otherwise (see /health/ready).");
    }

    /// <summary>The latest assessment of each org.</summary>
    public IReadOnlyCollection<OktaOrgHealth> Health => [.. _health.Values.OrderBy(h => h.Org, StringComparer.OrdinalIgnoreCase)];

    /// <summary>The outcome of the last check of an org's Okta event hooks (empty: all fine).</summary>
    public void ReportHooks(string org, IReadOnlyList<string> problems, IReadOnlySet<string>? delivering)
    {
        _hooks[org] = (_timeProvider.GetUtcNow(), problems);
        if (delivering is not null)
        {
            _delivering[org] = delivering;
        }
    }

    /// <summary>
    /// Whether an Okta event hook delivers to HookRelay, as the last hook check saw it; true when
    /// unknown (no check yet, or checks turned off), so a failure is never ignored for lack of knowledge.
    /// </summary>
    public bool DeliversToRelay(string org, string? oktaHookId) =>
        oktaHookId is null || !_delivering.TryGetValue(org, out var ids) || ids.Contains(oktaHookId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Value.Orgs.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.Value.MonitorInterval, _timeProvider);
        do
        {
            // Read every tick: with a shared store, the instance reconciling an org saves what it saw of Okta.
            var saved = SavedHealth();
            foreach (var (org, settings) in _options.Value.Orgs)
            {
                try
                {
                    await AssessAsync(org, settings, saved.GetValueOrDefault(org), stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A failed assessment (store busy) must not end monitoring; the next interval tries again.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogAssessmentFailed(_logger, org, ex.Message);
                }
            }
        }
        while (await timer.TickAsync(stoppingToken));
    }

    private async Task AssessAsync(string org, OktaOrgOptions settings, OktaOrgHealth? saved, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var hooks = OrgHooks(org, settings);
        var grace = settings.Reconcile.GraceWindow;

        // Missed events are counted once, when their grace window closes, from this process's start
        // on. A row is stamped just before its commit, so the count stays a few seconds behind: a
        // commit in flight cannot slip under the mark.
        var from = _missedCountedUpTo.GetOrAdd(org, _created);
        var to = now - CommitSlack;
        // Only the instance reconciling the org counts, so instances sharing a store do not count an
        // event once each; the others move their mark along, ready to take over without recounting.
        if (to > from && _locks.Holds(ReconcileService.OrgLock(org)))
        {
            foreach (var missed in _reader.MissedBetween(hooks, grace, from, to))
            {
                _metrics.Missed(org, missed.Key, missed.Count);
            }

        }

        if (to > from)
        {
            _missedCountedUpTo[org] = to;
        }

        var status = _clients.For(org).Status;
        var lastUsed = Max(status.LastSuccess, saved?.LastApiSuccess);
        var hookCheck = _hooks.TryGetValue(org, out var h) ? h : ((DateTimeOffset At, IReadOnlyList<string> Problems)?)null;
        var health = new OktaOrgHealth(
            org, now, lastUsed, status.CredentialFailure?.Message, !string.IsNullOrEmpty(settings.ApiToken),
            _reader.EventsSince(hooks, now - TimeSpan.FromHours(24)), hookCheck?.At, hookCheck?.Problems ?? [], _reader.CheckedUpTo(org), hooks, grace);
        var previous = _health.GetValueOrDefault(org);
        _health[org] = health;
        Announce(org, previous?.Problems ?? [], health.Problems);
        if (_locks.Holds(ReconcileService.OrgLock(org)))
        {
            await _state.SaveOrgHealthAsync(org, JsonSerializer.Serialize(health, OktaJsonContext.Default.OktaOrgHealth), cancellationToken);
        }
    }

    /// <summary>Logs each problem when it appears and once when it clears, not on every interval.</summary>
    private void Announce(string org, IReadOnlyList<string> before, IReadOnlyList<string> now)
    {
        foreach (var problem in now.Except(before, StringComparer.Ordinal))
        {
            LogProblem(_logger, org, problem);
        }

        if (before.Count > 0 && now.Count == 0)
        {
            LogRecovered(_logger, org);
        }
    }

    /// <summary>The hooks an org's events are stored under (pulled events go to the first).</summary>
    public static IReadOnlyCollection<string> OrgHooks(string org, OktaOrgOptions settings) => settings.Hooks.Count > 0 ? settings.Hooks : [org];

    private Dictionary<string, OktaOrgHealth> SavedHealth()
    {
        var saved = new Dictionary<string, OktaOrgHealth>(StringComparer.OrdinalIgnoreCase);
        foreach (var (org, json) in _reader.OrgHealth())
        {
            if (JsonSerializer.Deserialize(json, OktaJsonContext.Default.OktaOrgHealth) is { } health)
            {
                saved[org] = health;
            }
        }

        return saved;
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static KeyValuePair<string, object?> Org(string org) => new("org", org);


    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Okta org {Org}: {Problem}")]
    private static partial void LogProblem(ILogger logger, string org, string problem);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "Okta org {Org} is healthy again")]
    private static partial void LogRecovered(ILogger logger, string org);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Error, Message = "Could not assess Okta org {Org}; trying again next interval: {Reason}")]
    private static partial void LogAssessmentFailed(ILogger logger, string org, string reason);
}
