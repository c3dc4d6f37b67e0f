using System.Text.Encodings.Web;
using System.Text.Json;

namespace HookRelay.Cli;

internal static class JsonIndented
{
    /// <summary>Readable output that keeps non-ASCII text as it is.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(CliJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };
}
