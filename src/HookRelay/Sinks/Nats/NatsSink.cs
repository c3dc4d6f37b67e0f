using NATS.Client.Core;

namespace HookRelay.Sinks.Nats;

/// <summary>
/// Publishes each event to a JetStream stream with its JSON exactly as stored, under the subject the
/// template gives it and with <c>Nats-Msg-Id</c> = event uuid, so that the stream's duplicate window
/// drops a retried event. A batch is delivered only when every publish is acknowledged (a duplicate
/// acknowledgement counts). The sink connects on first use and, after any failure, starts over with
/// a new connection, which also checks the stream again.
/// </summary>
internal sealed class NatsSink : IEventSink, IAsyncDisposable
{
    private readonly string _stream;
    private readonly NatsSubjectTemplate _subjects;
    private readonly NatsOpts _natsOpts;
    private readonly string _server;
    private readonly string[] _secrets;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NatsStreamSession? _session;
    private bool _disposed;

    public NatsSink(string name, SinkOptions options, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Url, nameof(options));
        if (string.IsNullOrWhiteSpace(options.Stream) || options.Stream.Any(c => !NatsSubjects.IsTokenChar(c) || c is '/' or '\\'))
        {
            throw new ArgumentException($"Sinks:{name}:Stream '{options.Stream}' is not a valid JetStream stream name (no spaces, '.', '*', '>' or slashes).", nameof(options));
        }

        Name = name;
        _stream = options.Stream;
        _subjects = NatsSubjectTemplate.TryParse(options.Subject, out var template, out var problem)
            ? template
            : throw new ArgumentException($"Sinks:{name}:Subject: {problem}.", nameof(options));
        _timeout = options.Timeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger;
        (_server, _secrets) = NatsServerUrl.Redact(options.Url);
        _natsOpts = NatsOpts.Default with
        {
            Url = options.Url,
            Name = $"hookrelay-{name}",
            ConnectTimeout = options.Timeout,
            RequestTimeout = options.Timeout,
            CommandTimeout = options.Timeout,
            RetryOnInitialConnect = false,
            PublishTimeoutOnDisconnected = true,
        };
    }

    public string Name { get; }

    public string SubjectFor(SinkEvent e) => _subjects.Render(e.Hook, e.EventType);

    public async Task<SinkResult> DeliverAsync(IReadOnlyList<SinkEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return SinkResult.Delivered;
        }

        var subjects = batch.Select(SubjectFor).ToArray();
        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        NatsStreamSession? session = null;
        try
        {
            session = await GetSessionAsync(linked.Token);
            var uncaptured = Array.FindIndex(subjects, s => !session.Captures(s));
            if (uncaptured >= 0)
            {
                var captures = string.Join(", ", session.StreamSubjects);
                NatsSinkLog.SubjectNotCaptured(_logger, Name, _stream, captures, subjects[uncaptured], batch[uncaptured].Uuid);
                return await DropSessionAsync(session, batch.Count, SinkResult.Reject(
                    $"stream {_stream} captures {captures}, not subject {subjects[uncaptured]}; change the stream's subjects or the sink's Subject"));
            }

            return await session.PublishAsync(batch, subjects, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var waitedFor = session is null ? "no connection to" : "no acknowledgement from";
            return await DropSessionAsync(session, batch.Count, SinkResult.Retry($"{waitedFor} {_server} within {_timeout}"));
        }
        catch (Exception e) when (e is NatsException or ObjectDisposedException or TimeoutException)
        {
            var result = NatsFailure.FromException(e, _server, _stream, connecting: session is null);
            return await DropSessionAsync(session, batch.Count, result with { Error = Scrub(result.Error) });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (Interlocked.Exchange(ref _session, null) is { } session)
        {
            await session.DisposeAsync();
        }

        _gate.Dispose();
    }

    private async Task<NatsStreamSession> GetSessionAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _session) is { IsOpen: true } current)
        {
            return current;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_session is { IsOpen: true } raced)
            {
                return raced;
            }

            // A connection the client is still trying to re-establish would only make this delivery
            // wait; a new one says at once whether the server is there.
            if (Interlocked.Exchange(ref _session, null) is { } stale)
            {
                await stale.DisposeAsync();
            }

            var session = await NatsStreamSession.OpenAsync(_natsOpts, _stream, _subjects.StreamSubject, cancellationToken);
            NatsSinkLog.Connected(_logger, Name, _server);
            var captures = string.Join(", ", session.StreamSubjects);
            if (session.Created)
            {
                NatsSinkLog.StreamCreated(_logger, Name, _stream, captures);
            }
            else
            {
                NatsSinkLog.StreamFound(_logger, Name, _stream, captures);
            }

            _session = session;
            return session;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the session that failed (not one a concurrent delivery already replaced) and closes it.</summary>
    private async Task<SinkResult> DropSessionAsync(NatsStreamSession? session, int events, SinkResult result)
    {
        NatsSinkLog.ConnectionDropped(_logger, Name, events, result.Error);
        if (session is not null && Interlocked.CompareExchange(ref _session, null, session) == session)
        {
            await session.DisposeAsync();
        }

        return result;
    }

    private string? Scrub(string? error) =>
        error is null ? null : _secrets.Aggregate(error, (text, secret) => text.Replace(secret, "***", StringComparison.Ordinal));
}
