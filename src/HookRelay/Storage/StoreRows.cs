using System.Data.Common;
using HookRelay.Okta;
using HookRelay.Sinks;

namespace HookRelay.Storage;

/// <summary>
/// Rows as records, for the SQLite and the PostgreSQL stores alike: both providers' readers are
/// <see cref="DbDataReader"/>s, and both stores select the same columns in the same order, so one
/// mapper serves both. Each mapper names the columns it expects; the SQL is the store's own.
/// </summary>
internal static class StoreRows
{
    /// <summary>Every row <paramref name="command"/> returns, mapped by <paramref name="map"/>.</summary>
    /// <param name="capacity">How many rows are expected, where the caller knows.</param>
    public static List<T> ReadAll<T>(DbCommand command, Func<DbDataReader, T> map, int capacity = 0)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>(capacity);
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Column 0: a key (a seq or an id).</summary>
    public static long Key(DbDataReader reader) => reader.GetInt64(0);

    /// <summary>A time stored as Unix milliseconds, or null.</summary>
    public static DateTimeOffset? Time(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));

    /// <summary>A scalar difference of two stored times (milliseconds) as a duration; never negative, null when there was no row.</summary>
    public static TimeSpan? Duration(object? milliseconds) =>
        milliseconds is long ms ? TimeSpan.FromMilliseconds(Math.Max(0, ms)) : null;

    /// <summary>Columns: seq, uuid, hook, event_type, published_at, received_at, the JSON bytes.</summary>
    public static SinkEvent SinkEvent(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        Text(reader, 3),
        Time(reader, 4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.GetFieldValue<byte[]>(6));

    /// <summary>Columns 0-5: uuid, uuid_derived, hook, event_type, published, received_at.</summary>
    /// <remarks>
    /// uuid_derived is a boolean in PostgreSQL and 0 or 1 in SQLite, whose reader's GetBoolean is
    /// "not 0": one call reads both.
    /// </remarks>
    public static StoredEventSummary Summary(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetBoolean(1),
        reader.GetString(2),
        Text(reader, 3),
        Text(reader, 4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));

    /// <summary>Columns 0-5 as <see cref="Summary"/>, then provenance, seq, sort time.</summary>
    public static EventListing Listing(DbDataReader reader) => new(
        Summary(reader),
        (Provenance)reader.GetInt32(6),
        new EventPosition(reader.GetInt64(8), reader.GetInt64(7)));

    /// <summary>Columns: sink, state, attempts, last_error, next_attempt_at, done_at.</summary>
    public static SinkDelivery SinkDelivery(DbDataReader reader) => new(
        reader.GetString(0),
        (DispatchState)reader.GetInt32(1),
        reader.GetInt32(2),
        Text(reader, 3),
        Time(reader, 4),
        Time(reader, 5));

    /// <summary>Columns: sink, pending, in flight, delivered, failing, dead, last error, paused until.</summary>
    public static SinkStatus SinkStatus(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetInt64(2),
        reader.GetInt64(3),
        reader.GetInt64(4),
        reader.GetInt64(5),
        Text(reader, 6),
        Time(reader, 7));

    /// <summary>Columns: sink, uuid, event_type, published, attempts, last_error, done_at.</summary>
    public static DeadLetter DeadLetter(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Text(reader, 2),
        Text(reader, 3),
        reader.GetInt32(4),
        Text(reader, 5),
        Time(reader, 6));

    /// <summary>Columns: hook, push only, pull only, both.</summary>
    public static ReconcileStatus ReconcileStatus(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));

    /// <summary>Columns: org, updated_at.</summary>
    public static CursorStatus CursorStatus(DbDataReader reader) =>
        new(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));

    /// <summary>Columns: published_at, received_at, event_type.</summary>
    public static PulledEvent PulledEvent(DbDataReader reader) =>
        new(reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));

    /// <summary>Columns: job, status, lease_until.</summary>
    public static StoredBackfill StoredBackfill(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));

    /// <summary>Columns: key, count.</summary>
    public static MissedCount MissedCount(DbDataReader reader) => new(reader.GetString(0), reader.GetInt64(1));

    /// <summary>Columns: org, uuid, published_at, hook_id, hook_name, reason.</summary>
    public static OktaDeliveryFailure DeliveryFailure(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
        Text(reader, 3),
        Text(reader, 4),
        Text(reader, 5));

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
