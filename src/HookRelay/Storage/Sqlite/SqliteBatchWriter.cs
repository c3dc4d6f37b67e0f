using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace HookRelay.Storage.Sqlite;

/// <summary>
/// Writes a batch of deliveries in one transaction on one connection: one commit, one fsync.
/// Not thread-safe; the group-commit loop is its only caller.
/// </summary>
internal sealed class SqliteBatchWriter(SqliteDatabase database, TimeProvider timeProvider) : IDisposable
{
    private SqliteConnection? _connection;

    public AppendResult[] Write(IReadOnlyList<ReceivedDelivery?> batch)
    {
        var connection = _connection ??= OpenAndMigrate();
        var results = new AppendResult[batch.Count];
        using var transaction = connection.BeginTransaction(deferred: false);
        using var commands = new Commands(connection, transaction);
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = batch[i] is { } delivery ? Append(commands, delivery) : Probe(commands);
        }

        transaction.Commit();
        return results;
    }

    /// <summary>Drops the connection after a failure so the next batch starts afresh.</summary>
    public void Reset()
    {
        var connection = _connection;
        _connection = null;
        try
        {
            connection?.Dispose();
        }
        catch (SqliteException)
        {
            // Closing a broken connection may fail too; it is gone either way.
        }
    }

    public void Dispose()
    {
        if (_connection is not null)
        {
            using var checkpoint = _connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            try
            {
                checkpoint.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // The WAL stays and is replayed on the next open; nothing is lost.
            }
        }

        Reset();
    }

    private SqliteConnection OpenAndMigrate()
    {
        var connection = database.OpenReadWrite();
        try
        {
            SqliteDatabase.Migrate(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static AppendResult Append(Commands commands, ReceivedDelivery delivery)
    {
        var d = commands.InsertDelivery.Parameters;
        d["$hook"].Value = delivery.Hook;
        d["$envelope"].Value = (object?)delivery.EnvelopeEventId ?? DBNull.Value;
        d["$source"].Value = (object?)delivery.Source ?? DBNull.Value;
        d["$eventTime"].Value = (object?)delivery.EventTime ?? DBNull.Value;
        d["$receivedAt"].Value = delivery.ReceivedAt.ToUnixTimeMilliseconds();
        d["$count"].Value = delivery.Events.Count;
        d["$body"].Value = AsArray(delivery.Body);
        if (commands.InsertDelivery.ExecuteScalar() is not long deliveryId)
        {
            return AppendResult.DuplicateDelivery(delivery.Events.Count);
        }

        var stored = 0;
        var e = commands.InsertEvent.Parameters;
        e["$hook"].Value = delivery.Hook;
        e["$deliveryId"].Value = deliveryId;
        e["$receivedAt"].Value = delivery.ReceivedAt.ToUnixTimeMilliseconds();
        foreach (var received in delivery.Events)
        {
            e["$uuid"].Value = received.Key;
            e["$derived"].Value = received.KeyIsDerived ? 1 : 0;
            e["$type"].Value = (object?)received.EventType ?? DBNull.Value;
            e["$published"].Value = (object?)received.Published ?? DBNull.Value;
            e["$publishedAt"].Value = (object?)received.PublishedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
            e["$offset"].Value = received.BodyOffset;
            e["$length"].Value = received.Json.Length;
            stored += commands.InsertEvent.ExecuteNonQuery();
        }

        return new AppendResult(AppendOutcome.Stored, stored, delivery.Events.Count - stored);
    }

    private AppendResult Probe(Commands commands)
    {
        commands.Probe.Parameters["$at"].Value = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        commands.Probe.ExecuteNonQuery();
        return new AppendResult(AppendOutcome.Stored, 0, 0);
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

    /// <summary>The statements of one batch, prepared once and reused for every row.</summary>
    private sealed class Commands : IDisposable
    {
        public Commands(SqliteConnection connection, SqliteTransaction transaction)
        {
            InsertDelivery = Create(connection, transaction, """
                INSERT OR IGNORE INTO deliveries (hook, envelope_event_id, source, event_time, received_at, event_count, body)
                VALUES ($hook, $envelope, $source, $eventTime, $receivedAt, $count, $body)
                RETURNING id;
                """, "$hook", "$envelope", "$source", "$eventTime", "$receivedAt", "$count", "$body");
            InsertEvent = Create(connection, transaction, """
                INSERT OR IGNORE INTO events (uuid, uuid_derived, hook, event_type, published, published_at, received_at, delivery_id, json_offset, json_length)
                VALUES ($uuid, $derived, $hook, $type, $published, $publishedAt, $receivedAt, $deliveryId, $offset, $length);
                """, "$uuid", "$derived", "$hook", "$type", "$published", "$publishedAt", "$receivedAt", "$deliveryId", "$offset", "$length");
            Probe = Create(connection, transaction, "UPDATE probe SET written_at = $at WHERE id = 1;", "$at");
        }

        public SqliteCommand InsertDelivery { get; }

        public SqliteCommand InsertEvent { get; }

        public SqliteCommand Probe { get; }

        public void Dispose()
        {
            InsertDelivery.Dispose();
            InsertEvent.Dispose();
            Probe.Dispose();
        }

        private static SqliteCommand Create(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }
    }
}
