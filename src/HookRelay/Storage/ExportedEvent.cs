using System.Data.Common;
using System.Globalization;

namespace HookRelay.Storage;

/// <summary>An event as an export writes it: its stored fields and its JSON bytes exactly as Okta sent them.</summary>
/// <param name="Time">Published time (received time when it has none), Unix milliseconds: the export's order.</param>
internal sealed record ExportedEvent(
    long Seq,
    string Uuid,
    string Hook,
    string? EventType,
    string? Published,
    long Time,
    DateTimeOffset ReceivedAt,
    Provenance Provenance,
    byte[] Json)
{
    public ExportPosition Position => new(Time, Seq);

    /// <summary>Columns: seq, uuid, hook, event_type, published, time, received_at, provenance, the JSON bytes; the same for both stores.</summary>
    public static ExportedEvent FromRow(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetInt64(5),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        (Provenance)Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture),
        reader.GetFieldValue<byte[]>(8));
}
