using System.Data.Common;
using System.Globalization;

namespace HookRelay.Storage;

/// <summary>
/// The admin API's event detail, for both stores: each store gives its own query for the event
/// row (summary columns, then the JSON, envelope eventId, provenance and seq) and says how to read
/// the JSON it returns; the deliveries are the same SQL on both.
/// </summary>
internal static class EventDetailSql
{
    public static EventDetail? Read(DbCommand eventQuery, Func<DbDataReader, string> json)
    {
        StoredEvent stored;
        Provenance provenance;
        long seq;
        using (var reader = eventQuery.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            stored = new StoredEvent(StoreRows.Summary(reader), json(reader), reader.IsDBNull(7) ? null : reader.GetString(7));
            provenance = (Provenance)Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture);
            seq = reader.GetInt64(9);
        }

        using var deliveries = StoreCommands.Create(eventQuery.Connection!, eventQuery.Transaction, """
            SELECT sink, state, attempts, last_error, next_attempt_at, done_at
            FROM dispatch
            WHERE event_seq = @seq
            ORDER BY sink;
            """, ("@seq", seq));
        return new EventDetail(stored, provenance, StoreRows.ReadAll(deliveries, StoreRows.SinkDelivery));
    }
}
