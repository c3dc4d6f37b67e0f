using HookRelay.Hosting;
namespace HookRelay.Hooks;

/// <summary>
/// Once a second: loads rotation files that changed (a rotation started by the CLI), records the
/// first request that carried a new secret, and retires old secrets whose time has come. The
/// registry rebuilds from the result, so none of this needs a restart.
/// </summary>
internal sealed partial class SecretRotationWatcher(
    SecretRotationStore store,
    HookSecretRotations rotations,
    TimeProvider timeProvider,
    ILogger<SecretRotationWatcher> logger) : HostedLoop
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private IReadOnlyDictionary<string, string> _loaded = new Dictionary<string, string>();
    private string? _lastFailure;

    /// <summary>Reads the files once before the server takes requests, so a restart never forgets a rotation.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        LoadIfChanged();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TickAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = timeProvider.GetUtcNow();
            foreach (var (hook, sha, at) in rotations.TakeFirstUses())
            {
                await store.UpdateAsync(hook, r => r.NewSecretUsed(sha, at), cancellationToken);
                LogNewSecretInUse(logger, hook);
            }

            foreach (var hook in _loaded.Keys.Where(h => rotations.For(h).NextRetirement <= now))
            {
                var before = rotations.For(hook).Retiring.Count;
                var after = await store.UpdateAsync(hook, r => r.RetireDue(now), cancellationToken);
                LogRetired(logger, hook, before - after.Retiring.Count);
            }

            LoadIfChanged();
            _lastFailure = null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Hosting.StartupConfigurationException)
        {
            // The secrets in force stay; the next tick tries again, and says so only if the reason changes.
            if (ex.Message != _lastFailure)
            {
                LogFailed(logger, ex.Message);
                _lastFailure = ex.Message;
            }
        }
    }

    private void LoadIfChanged()
    {
        var files = store.ReadAllText();
        if (files.Count == _loaded.Count && files.All(f => _loaded.TryGetValue(f.Key, out var text) && text == f.Value))
        {
            return;
        }

        rotations.Load(files.ToDictionary(f => f.Key, f => SecretRotationStore.Parse(store.PathFor(f.Key), f.Value), StringComparer.OrdinalIgnoreCase));
        _loaded = files;
        LogLoaded(logger, files.Count);
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Secret rotation state loaded for {Hooks} hooks")]
    private static partial void LogLoaded(ILogger logger, int hooks);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Hook {Hook} received its first request with the new secret; the old one is retired after the grace period")]
    private static partial void LogNewSecretInUse(ILogger logger, string hook);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Hook {Hook}: retired {Retired} old secrets; requests carrying them are now refused")]
    private static partial void LogRetired(ILogger logger, string hook, int retired);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "Secret rotation files could not be read or written; the secrets in force stay: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
