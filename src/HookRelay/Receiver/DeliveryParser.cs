using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using HookRelay.Storage;

namespace HookRelay.Receiver;

/// <summary>
/// Reads an Okta delivery with <see cref="Utf8JsonReader"/>: picks out the few fields HookRelay
/// indexes (the actor's and targets' ids among them, see <see cref="PartyIds"/>) and slices each event's bytes exactly as received. Everything else is skipped, so the
/// shape of a LogEvent may vary freely; only <c>data.events</c> must be an array of objects.
/// </summary>
internal static class DeliveryParser
{
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    /// <param name="maxEvents">More events than this fail the parse early with <see cref="DeliveryParseResult.TooManyEvents"/>.</param>
    public static DeliveryParseResult Parse(string hook, ReadOnlyMemory<byte> body, DateTimeOffset receivedAt, int maxEvents = int.MaxValue)
    {
        // A UTF-8 byte order mark is legal in front of JSON text but not for Utf8JsonReader.
        var offset = body.Span.StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var json = body[offset..];
        // Events are stored as text exactly as received, so invalid UTF-8 anywhere is refused up front.
        if (!Utf8.IsValid(json.Span))
        {
            return DeliveryParseResult.Fail("The body is not valid UTF-8 text.");
        }

        var reader = new Utf8JsonReader(json.Span, ReaderOptions);
        try
        {
            return ParseEnvelope(ref reader, hook, body, offset, receivedAt, maxEvents);
        }
        catch (JsonException ex)
        {
            return DeliveryParseResult.Fail($"The body is not valid JSON: {ex.Message}");
        }
        catch (TooManyEventsException)
        {
            return new DeliveryParseResult(null, $"The delivery holds more than {maxEvents} events (Hooks:{{name}}:MaxEventsPerDelivery).", TooManyEvents: true);
        }
    }

    private static DeliveryParseResult ParseEnvelope(ref Utf8JsonReader reader, string hook, ReadOnlyMemory<byte> body, int jsonStart, DateTimeOffset receivedAt, int maxEvents)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return DeliveryParseResult.Fail("The body must be a JSON object: an Okta event hook delivery with data.events.");
        }

        string? eventId = null, source = null, eventTime = null;
        List<ReceivedEvent>? events = null;
        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("eventId"u8))
            {
                eventId = JsonTokens.ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("source"u8))
            {
                source = JsonTokens.ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("eventTime"u8))
            {
                eventTime = JsonTokens.ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                error = ParseData(ref reader, body, jsonStart, maxEvents, ref events);
                if (error is not null)
                {
                    return DeliveryParseResult.Fail(error);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.Read())
        {
            return DeliveryParseResult.Fail("The body has content after its closing brace.");
        }

        if (events is null)
        {
            return DeliveryParseResult.Fail("The body has no data.events array; an Okta delivery carries its events in data.events.");
        }

        return DeliveryParseResult.Ok(new ReceivedDelivery(hook, eventId, source, eventTime, receivedAt, body, events));
    }

    private static string? ParseData(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, int jsonStart, int maxEvents, ref List<ReceivedEvent>? events)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return $"data must be a JSON object holding events, but it is {JsonTokens.Describe(reader.TokenType)}.";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("events"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return $"data.events must be an array of events, but it is {JsonTokens.Describe(reader.TokenType)}.";
            }

            // A repeated "events" key is odd but not worth losing events over: keep both arrays.
            events ??= [];
            var error = ParseEvents(ref reader, body, jsonStart, maxEvents, events);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? ParseEvents(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, int jsonStart, int maxEvents, List<ReceivedEvent> events)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (events.Count >= maxEvents)
            {
                throw new TooManyEventsException();
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return $"data.events[{index}] must be a JSON object (a System Log event), but it is {JsonTokens.Describe(reader.TokenType)}.";
            }

            events.Add(ParseEvent(ref reader, body, jsonStart));
            index++;
        }

        return null;
    }

    /// <param name="jsonStart">Where the reader's input starts in the body (after a byte order mark).</param>
    private static ReceivedEvent ParseEvent(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, int jsonStart)
    {
        var start = jsonStart + (int)reader.TokenStartIndex;
        string? uuid = null, eventType = null, published = null;
        List<string>? actorIds = null, targetIds = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("uuid"u8))
            {
                uuid = JsonTokens.ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("eventType"u8))
            {
                eventType = JsonTokens.ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("published"u8))
            {
                published = JsonTokens.ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("actor"u8))
            {
                PartyIds.ReadActor(ref reader, ref actorIds);
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                PartyIds.ReadTargets(ref reader, ref targetIds);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var eventJson = body[start..(jsonStart + (int)reader.BytesConsumed)];
        var usableUuid = !string.IsNullOrWhiteSpace(uuid) && uuid.Length <= EventKey.MaxUuidLength;
        var key = usableUuid ? uuid! : EventKey.Derive(eventJson.Span);
        return new ReceivedEvent(key, !usableUuid, eventType, published, JsonTokens.ParseTimestamp(published), eventJson, start)
        {
            ActorIds = (IReadOnlyList<string>?)actorIds ?? [],
            TargetIds = (IReadOnlyList<string>?)targetIds ?? [],
        };
    }

    /// <summary>Stops the parse as soon as a delivery has too many events, before it costs more memory.</summary>
    private sealed class TooManyEventsException : Exception;
}
