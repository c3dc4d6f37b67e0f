using System.Globalization;

namespace HookRelay.Sinks.File;

/// <summary>
/// Appends events as JSON lines and fsyncs before reporting them delivered. When the file would
/// pass <see cref="SinkOptions.MaxFileBytes"/> it is renamed with a timestamp and a new one begun.
/// </summary>
internal sealed class FileSink(string name, SinkOptions options, TimeProvider timeProvider) : IEventSink, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _path = Path.GetFullPath(options.Path!);
    private FileStream? _stream;

    public string Name { get; } = name;

    public async Task<SinkResult> DeliverAsync(IReadOnlyList<SinkEvent> batch, CancellationToken cancellationToken)
    {
        var lines = EventLine.Lines(batch);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var stream = Open();
            if (stream.Length > 0 && stream.Length + lines.WrittenCount > options.MaxFileBytes)
            {
                stream = Rotate();
            }

            var before = stream.Length;
            try
            {
                await stream.WriteAsync(lines.WrittenMemory, cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                // Disk full or similar: take back the part that was written, so the retry does
                // not follow a half line.
                TryTruncate(stream, before);
                throw;
            }

            return SinkResult.Delivered;
        }
        catch (IOException ex)
        {
            // Drop the handle so the next attempt reopens, and retry later.
            Close();
            return SinkResult.Retry($"writing {_path} failed: {ex.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        Close();
        _gate.Dispose();
    }

    private FileStream Open()
    {
        if (_stream is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            DropTornLine(_path);
            _stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }

        return _stream;
    }

    /// <summary>
    /// A crash in the middle of a write can leave a last line without its newline. Its events were
    /// never reported delivered, so they come again; the torn remains are cut off.
    /// </summary>
    private static void DropTornLine(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            return;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var end = file.Length;
        var buffer = new byte[4096];
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            file.Position = start;
            file.ReadExactly(buffer, 0, (int)(end - start));
            var newline = Array.LastIndexOf(buffer, (byte)'\n', (int)(end - start) - 1);
            if (newline >= 0)
            {
                TryTruncate(file, start + newline + 1);
                return;
            }

            end = start;
        }

        TryTruncate(file, 0);
    }

    private static void TryTruncate(FileStream stream, long length)
    {
        try
        {
            if (stream.Length > length)
            {
                stream.SetLength(length);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // The next open tries again.
        }
    }

    private FileStream Rotate()
    {
        Close();
        var stamp = timeProvider.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var stem = Path.Combine(Path.GetDirectoryName(_path)!, $"{Path.GetFileNameWithoutExtension(_path)}-{stamp}");
        var rotated = stem + Path.GetExtension(_path);
        for (var n = 1; System.IO.File.Exists(rotated); n++)
        {
            // Two rotations within one millisecond.
            rotated = $"{stem}-{n}{Path.GetExtension(_path)}";
        }

        System.IO.File.Move(_path, rotated);
        return Open();
    }

    private void Close()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
