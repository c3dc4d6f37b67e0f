using System.Text.Json;
using HookRelay.Okta;
using HookRelay.Storage;

namespace HookRelay.Admin;

/// <summary>
/// Backfills started from the admin API (the dashboard's "Backfill this window"), run in the
/// background: a window of days takes an hour at Okta's rate limits, longer than a request should
/// wait, and a closed tab or a proxy's timeout would have ended it half way. The store keeps each
/// org's running or last backfill, so every instance on it shows the same one and refuses a second
/// while it runs. The instance running it writes its progress every second and so renews its lease;
/// a lease that passes means that instance stopped, and the backfill shows as failed.
/// </summary>
internal sealed partial class BackfillJobs(
    SystemLogReconciler reconciler, OktaClients clients, IOktaStateStore state, IOktaStatusReader reader,
    IHostApplicationLifetime lifetime, TimeProvider time, ILogger<BackfillJobs> logger)
{
    /// <summary>How long a running backfill stands without a word from the instance running it.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>The org's running or last backfill, from any instance on the store.</summary>
    public BackfillStatus? Latest(string org) => reader.Backfill(org) is { } stored ? Shown(stored) : null;

    /// <summary>Starts a backfill of the window; false, with the running one's status, while the org has one.</summary>
    /// <param name="org">As configured under Okta:Orgs (the store's key is exact; the configuration's is not).</param>
    public async Task<(bool Started, BackfillStatus Status)> TryStartAsync(string org, OktaOrgOptions settings, DateTimeOffset since, DateTimeOffset until)
    {
        var job = new BackfillJob(Guid.NewGuid().ToString("N"), org, since, until, time.GetUtcNow());
        // Not the request's token: a claim written after the wait was cancelled would stand for a
        // backfill nobody runs, blocking the org until its lease passed.
        var stored = await state.ClaimBackfillAsync(org, Stored(job), CancellationToken.None);
        if (stored.Job != job.Id)
        {
            return (false, Shown(stored));
        }

        // Not the request's token: the backfill outlives the request that started it.
        _ = Task.Run(() => RunAsync(job, settings), CancellationToken.None);
        return (true, job.Status);
    }

    private BackfillStatus Shown(StoredBackfill stored)
    {
        var status = JsonSerializer.Deserialize(stored.StatusJson, AdminJsonContext.Default.BackfillStatus)
            ?? throw new InvalidDataException("A stored backfill status is empty.");
        return status.State == BackfillStatus.Running && !(stored.LeaseUntil > time.GetUtcNow())
            ? status with
            {
                State = BackfillStatus.Failed,
                Error = "The instance running it stopped before it finished; what was read is stored, and backfilling the same window again finds the rest.",
            }
            : status;
    }

    private StoredBackfill Stored(BackfillJob job)
    {
        var status = job.Status;
        var lease = status.State == BackfillStatus.Running ? time.GetUtcNow() + Lease : (DateTimeOffset?)null;
        return new StoredBackfill(job.Id, JsonSerializer.Serialize(status, AdminJsonContext.Default.BackfillStatus), lease);
    }

    private async Task RunAsync(BackfillJob job, OktaOrgOptions settings)
    {
        var stopping = lifetime.ApplicationStopping;
        using var finished = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var takenOver = new CancellationTokenSource();
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stopping, takenOver.Token);
        var progress = WriteProgressAsync(job, takenOver, finished.Token);
        var hook = SystemLogReconciler.PulledHook(job.Org, settings);
        try
        {
            var total = await SystemLogReconciler.ReadWindowAsync(
                settings, clients.For(job.Org), job.Since, job.Until,
                page => reconciler.AppendAsync(job.Org, hook, page.Events, reading.Token),
                job.Progress,
                reading.Token);
            job.Finish(time.GetUtcNow(), total, error: null);
            LogFinished(logger, job.Org, total.Pulled, total.Backfilled);
        }
        catch (OperationCanceledException) when (takenOver.IsCancellationRequested)
        {
            // Its status is the other run's now: this one only stops reading the same pages again.
            LogTakenOver(logger, job.Org);
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

        await finished.CancelAsync();
        await progress;
        await SaveAsync(job, CancellationToken.None);
    }

    /// <summary>
    /// Writes the job's progress every second while it runs, which also renews its lease; cancels
    /// <paramref name="takenOver"/> once another instance has the org's backfill (this one's lease had passed).
    /// </summary>
    private async Task WriteProgressAsync(BackfillJob job, CancellationTokenSource takenOver, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!await SaveAsync(job, cancellationToken))
                {
                    await takenOver.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The backfill ended: its last status is written once more by RunAsync.
        }
    }

    /// <summary>False once another instance has taken the org's backfill over (this one's lease had passed).</summary>
    private async Task<bool> SaveAsync(BackfillJob job, CancellationToken cancellationToken)
    {
        try
        {
            return await state.SaveBackfillAsync(job.Org, Stored(job), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is down or stopping: the backfill goes on, and its lease says how long its last word stands.
            LogNotSaved(logger, job.Org, ex.Message);
            return true;
        }
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Backfill of {Org} finished: {Read} events read, {Backfilled} were missing and are now stored")]
    private static partial void LogFinished(ILogger logger, string org, int read, int backfilled);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Backfill of {Org} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string org, string reason);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "Backfill of {Org} stopped: another instance took it over after this one's lease passed (what was read is stored)")]
    private static partial void LogTakenOver(ILogger logger, string org);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Debug, Message = "Backfill of {Org}: its progress was not written: {Reason}")]
    private static partial void LogNotSaved(ILogger logger, string org, string reason);

    /// <summary>One backfill's progress, written by its task and read by requests.</summary>
    private sealed class BackfillJob(string id, string org, DateTimeOffset since, DateTimeOffset until, DateTimeOffset startedAt)
    {
        private readonly Lock _lock = new();
        private BackfillStatus _status = new(org, since, until, BackfillStatus.Running, 0, 0, startedAt, null, null);

        /// <summary>Names this run in the store: only it may write the org's backfill while it is the org's.</summary>
        public string Id => id;

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
