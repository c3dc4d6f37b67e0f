namespace HookRelay.Authentication;

/// <summary>
/// Logs rejected requests with the client address, at most <see cref="MaxPerWindow"/> a minute,
/// so a flood of bad requests cannot fill the disk. What is held back is counted and reported.
/// </summary>
internal sealed partial class AuthFailureLog(TimeProvider timeProvider, ILogger<AuthFailureLog> logger)
{
    public const int MaxPerWindow = 20;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _loggedInWindow;
    private long _suppressed;

    public void Rejected(string hook, string? clientAddress, string reason)
    {
        long suppressedBefore;
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (now - _windowStart >= Window)
            {
                _windowStart = now;
                _loggedInWindow = 0;
            }

            if (_loggedInWindow >= MaxPerWindow)
            {
                _suppressed++;
                return;
            }

            _loggedInWindow++;
            suppressedBefore = _suppressed;
            _suppressed = 0;
        }

        if (suppressedBefore > 0)
        {
            LogSuppressed(logger, suppressedBefore);
        }

        LogRejected(logger, hook, clientAddress ?? "unknown", reason);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Rejected request to hook {Hook} from {ClientAddress}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string hook, string clientAddress, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Suppressed} further rejected requests were not logged (limit reached)")]
    private static partial void LogSuppressed(ILogger logger, long suppressed);
}
