using System.Collections.Concurrent;
using HookRelay.Okta;

namespace HookRelay.Admin;

/// <summary>
/// Backfills started from the admin API (the dashboard's "Backfill this window"), run in the
/// background: a window of days takes an hour at Okta's rate limits, longer than a request should
/// wait, and a closed tab or a proxy's timeout would have ended it half way. One runs at a time per
/// org; the last one's progress stays in this instance's memory until it stops.
/// </summary>
internal sealed partial class BackfillJobs(
    SystemLogReconciler reconciler, OktaClients clients, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<BackfillJobs> logger)
{
    private readonly ConcurrentDictionary<string, BackfillJob> _latest = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The org's running or last backfill, if one ran since this instance started.</summary>
    public BackfillStatus? Latest(string org) => _latest.TryGetValue(org, out var job) ? job.Status : null;

    /// <summary>Starts a backfill of the window; false, with the running one's status, while the org has one.</summary>
    public bool TryStart(string org, OktaOrgOptions settings, DateTimeOffset since, DateTimeOffset until, out BackfillStatus status)
    {
        var job = new BackfillJob(org, since, until, time.GetUtcNow());
        var current = _latest.AddOrUpdate(org, job, (_, previous) => previous.Status.State == BackfillStatus.Running ? previous : job);
        status = current.Status;
        if (!ReferenceEquals(current, job))
        {
            return false;
        }

        _ = Task.Run(() => RunAsync(job, settings));
        return true;
    }

    private async Task RunAsync(BackfillJob job, OktaOrgOptions settings)
    {
        var stopping = lifetime.ApplicationStopping;
        var hook = SystemLogReconciler.PulledHook(job.Org, settings);
        try
        {
            var total = await SystemLogReconciler.ReadWindowAsync(
                settings, clients.For(job.Org), job.Since, job.Until,
                page => reconciler.AppendAsync(job.Org, hook, page.Events, stopping),
                job.Progress,
                stopping);
            job.Finish(time.GetUtcNow(), total, error: null);
            LogFinished(logger, job.Org, total.Pulled, total.Backfilled);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            job.Finish(time.GetUtcNow(), null, "The server stopped before the backfill finished; what was read is stored, and backfilling the same window again finds the rest.");
        }
#pragma warning disable CA1031 // Whatever ends a backfill must show in its status, not leave it "running" for ever.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var why = ex is OktaApiException or HttpRequestException ? $"Reading the System Log failed: {ex.Message}" : ex.Message;
            job.Finish(time.GetUtcNow(), null, $"{why} What was read is stored; backfilling the same window again finds the rest.");
            LogFailed(logger, job.Org, ex.Message);
        }
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Backfill of {Org} finished: {Read} events read, {Backfilled} were missing and are now stored")]
    private static partial void LogFinished(ILogger logger, string org, int read, int backfilled);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Backfill of {Org} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string org, string reason);

    /// <summary>One backfill's progress, written by its task and read by requests.</summary>
    private sealed class BackfillJob(string org, DateTimeOffset since, DateTimeOffset until, DateTimeOffset startedAt)
    {
        private readonly Lock _lock = new();
        private BackfillStatus _status = new(org, since, until, BackfillStatus.Running, 0, 0, startedAt, null, null);

        public string Org => org;

        public DateTimeOffset Since => since;

        public DateTimeOffset Until => until;

        public BackfillStatus Status
        {
            get
            {
                lock (_lock)
                {
                    return _status;
                }
            }
        }

        public void Progress(ReconcileResult total)
        {
            lock (_lock)
            {
                _status = _status with { Read = total.Pulled, Backfilled = total.Backfilled };
            }
        }

        /// <param name="total">The whole window's counts, or null when it ended early (the counts so far stand).</param>
        public void Finish(DateTimeOffset at, ReconcileResult? total, string? error)
        {
            lock (_lock)
            {
                _status = _status with
                {
                    State = error is null ? BackfillStatus.Done : BackfillStatus.Failed,
                    Read = total?.Pulled ?? _status.Read,
                    Backfilled = total?.Backfilled ?? _status.Backfilled,
                    FinishedAt = at,
                    Error = error,
                };
            }
        }
    }
}

/// <summary>A backfill of an org's System Log window, as <c>GET /api/v1/okta/{org}/backfill</c> answers.</summary>
/// <param name="State"><c>running</c>, <c>done</c> or <c>failed</c>.</param>
/// <param name="Read">Events the System Log had in the window, so far.</param>
/// <param name="Backfilled">Of those, events that were missing here and are now stored and queued for their sinks.</param>
/// <param name="Error">Why it failed, and that running it again finds the rest.</param>
internal sealed record BackfillStatus(
    string Org, DateTimeOffset Since, DateTimeOffset Until, string State, int Read, int Backfilled, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error)
{
    public const string Running = "running", Done = "done", Failed = "failed";
}
