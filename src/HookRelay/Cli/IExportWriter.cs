using HookRelay.Storage;

namespace HookRelay.Cli;

/// <summary>Writes exported events in one format to a stream (stdout).</summary>
internal interface IExportWriter
{
    void WriteHeader();

    void Write(ExportedEvent exported);
}
