using System.Text.Json;

namespace HookRelay.Receiver;

/// <summary>
/// Reads what the admin API's actor and target search matches: the <c>alternateId</c> and <c>id</c>
/// of an event's actor and of each of its targets, in the same pass as the rest of the event. Only
/// strings count (Okta sends nothing else there); an actor that is not an object, a <c>target</c>
/// that is not an array, or a target that is not an object gives none.
/// </summary>
internal static class PartyIds
{
    /// <summary>Reads the value of the event's <c>actor</c> property into <paramref name="ids"/>.</summary>
    public static void ReadActor(ref Utf8JsonReader reader, ref List<string>? ids)
    {
        reader.Read();
        ReadParty(ref reader, ref ids);
    }

    /// <summary>Reads the value of the event's <c>target</c> property into <paramref name="ids"/>.</summary>
    public static void ReadTargets(ref Utf8JsonReader reader, ref List<string>? ids)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ReadParty(ref reader, ref ids);
        }
    }

    // Starts on the party's first token and ends on its last.
    private static void ReadParty(ref Utf8JsonReader reader, ref List<string>? ids)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("alternateId"u8) || reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId && reader.TokenType == JsonTokenType.String && JsonTokens.ReadString(ref reader) is { } id)
            {
                ids ??= [];
                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }
            }
            else
            {
                reader.Skip();
            }
        }
    }
}
