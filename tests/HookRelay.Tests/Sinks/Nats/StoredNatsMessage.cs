namespace HookRelay.Tests.Sinks.Nats;

/// <summary>One message as the stream holds it.</summary>
internal sealed record StoredNatsMessage(ulong Sequence, string Subject, string? MsgId, byte[] Data);
