using System.Buffers.Binary;
using HookRelay.Storage;

namespace HookRelay.Admin;

/// <summary>The opaque <c>cursor</c> of event pages: the last event's (time, seq), base64url-encoded.</summary>
internal static class EventCursor
{
    public static string Encode(EventPosition position)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, position.Time);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], position.Seq);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string cursor, out EventPosition? position)
    {
        position = null;
        Span<byte> bytes = stackalloc byte[16];
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        if (cursor.Length != 22 || !Convert.TryFromBase64String(base64, bytes, out var written) || written != 16)
        {
            return false;
        }

        position = new EventPosition(BinaryPrimitives.ReadInt64BigEndian(bytes), BinaryPrimitives.ReadInt64BigEndian(bytes[8..]));
        return true;
    }
}
