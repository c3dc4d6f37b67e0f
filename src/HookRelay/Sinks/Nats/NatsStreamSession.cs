using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace HookRelay.Sinks.Nats;

/// <summary>
/// One connection to the server, with the sink's stream made sure of: created when missing (capturing
/// the template's wildcard subject), left exactly as it is when it exists.
/// </summary>
internal sealed class NatsStreamSession : IAsyncDisposable
{
    public const string MsgIdHeader = "Nats-Msg-Id";

    private readonly NatsConnection _connection;
    private readonly NatsJSContext _jetStream;
    private readonly string _stream;

    private NatsStreamSession(NatsConnection connection, NatsJSContext jetStream, string stream, IReadOnlyList<string> streamSubjects, bool created)
    {
        _connection = connection;
        _jetStream = jetStream;
        _stream = stream;
        StreamSubjects = streamSubjects;
        Created = created;
    }

    /// <summary>The subjects the stream captures, as the server reported them when the session opened.</summary>
    public IReadOnlyList<string> StreamSubjects { get; }

    /// <summary>Whether this session created the stream.</summary>
    public bool Created { get; }

    /// <summary>False once the client has noticed the connection is gone (it would wait to reconnect).</summary>
    public bool IsOpen => _connection.ConnectionState == NatsConnectionState.Open;

    public static async Task<NatsStreamSession> OpenAsync(NatsOpts opts, string stream, string streamSubject, CancellationToken cancellationToken)
    {
        var connection = new NatsConnection(opts);
        try
        {
            // ConnectAsync takes no token; the connect timeout in opts bounds it, the token abandons it.
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken);
            var jetStream = new NatsJSContext(connection);
            var (config, created) = await EnsureStreamAsync(jetStream, stream, streamSubject, cancellationToken);

            // A stream without subjects captures its own name.
            IReadOnlyList<string> subjects = config.Subjects is { Count: > 0 } s ? [.. s] : [stream];
            return new NatsStreamSession(connection, jetStream, stream, subjects, created);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public bool Captures(string subject) => StreamSubjects.Any(filter => NatsSubjects.Matches(filter, subject));

    /// <summary>
    /// Sends every event in batch order (one connection keeps that order into the stream), then waits
    /// for all the acknowledgements together. A duplicate acknowledgement counts as stored.
    /// </summary>
    public async Task<SinkResult> PublishAsync(IReadOnlyList<SinkEvent> batch, IReadOnlyList<string> subjects, CancellationToken cancellationToken)
    {
        // Refuse an event the server can never take before anything of the batch is sent.
        if (_connection.ServerInfo is { MaxPayload: > 0 } info && batch.FirstOrDefault(e => e.Json.Length > info.MaxPayload) is { } tooLarge)
        {
            return SinkResult.Reject($"event {tooLarge.Uuid} has {tooLarge.Json.Length} bytes; the server's max_payload is {info.MaxPayload}");
        }

        var pending = new List<NatsJSPublishConcurrentFuture>(batch.Count);
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var headers = new NatsHeaders { [MsgIdHeader] = batch[i].Uuid };
                pending.Add(await _jetStream.PublishConcurrentAsync(
                    subjects[i], batch[i].Json, NatsRawSerializer<ReadOnlyMemory<byte>>.Default, headers: headers, cancellationToken: cancellationToken));
            }

            SinkResult? failure = null;
            for (var i = 0; i < pending.Count; i++)
            {
                var ack = await pending[i].GetResponseAsync(cancellationToken);
                if (ack.Error is { } error)
                {
                    failure = NatsFailure.Worse(failure, NatsFailure.FromApiError(error, $"stream {_stream} refused event {batch[i].Uuid}"));
                }
            }

            return failure ?? SinkResult.Delivered;
        }
        finally
        {
            foreach (var future in pending)
            {
                await future.DisposeAsync();
            }
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static async Task<(StreamConfig Config, bool Created)> EnsureStreamAsync(
        NatsJSContext jetStream, string stream, string streamSubject, CancellationToken cancellationToken)
    {
        try
        {
            return ((await jetStream.GetStreamAsync(stream, cancellationToken: cancellationToken)).Info.Config, false);
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == NatsFailure.StreamNotFound)
        {
        }

        try
        {
            var created = await jetStream.CreateStreamAsync(new StreamConfig(stream, [streamSubject]), cancellationToken);
            return (created.Info.Config, true);
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == NatsFailure.StreamNameInUse)
        {
            // Another HookRelay (or an operator) created it between our two calls: use theirs.
            return ((await jetStream.GetStreamAsync(stream, cancellationToken: cancellationToken)).Info.Config, false);
        }
    }
}
