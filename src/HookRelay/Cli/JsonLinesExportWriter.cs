using HookRelay.Storage;

namespace HookRelay.Cli;

/// <summary>JSON lines: each event's bytes as Okta sent them, one event per line.</summary>
internal sealed class JsonLinesExportWriter(Stream output) : IExportWriter
{
    public void WriteHeader()
    {
    }

    public void Write(ExportedEvent exported)
    {
        var json = exported.Json;
        // A raw CR or LF in valid JSON can only be whitespace between tokens (inside strings they
        // are escaped), so a space in its place keeps the event intact and on one line.
        if (json.AsSpan().IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            json = (byte[])json.Clone();
            json.AsSpan().Replace((byte)'\r', (byte)' ');
            json.AsSpan().Replace((byte)'\n', (byte)' ');
        }

        output.Write(json);
        output.WriteByte((byte)'\n');
    }
}
