using System.Text;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// Text PostgreSQL can store. It refuses NUL in <c>text</c>, and UTF-8 has no lone surrogates
/// (a sink's error body cut in the middle of an emoji leaves one): both become U+FFFD. SQLite
/// stores either, so without this one such value would fail a write SQLite takes. The raw bodies
/// are bytes and are kept exactly as sent.
/// </summary>
internal static class PostgresText
{
    private const char Replacement = '\uFFFD';

    public static string Clean(string value)
    {
        if (!NeedsCleaning(value))
        {
            return value;
        }

        var clean = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                clean.Append(c).Append(value[++i]);
            }
            else
            {
                clean.Append(c == '\0' || char.IsSurrogate(c) ? Replacement : c);
            }
        }

        return clean.ToString();
    }

    private static bool NeedsCleaning(string value)
    {
        foreach (var c in value)
        {
            if (c == '\0' || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
