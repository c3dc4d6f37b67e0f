using System.Data.Common;
using HookRelay.Storage;
using Microsoft.Data.Sqlite;

namespace HookRelay.Tests.Storage;

/// <summary>
/// The pulled events kept between reports, on an events table of their own, with writes slipped in
/// between the fingerprint and the rows as another connection's commits would land: the two
/// statements are never one snapshot on either store.
/// </summary>
public sealed class PulledEventsTests : IDisposable
{
    private static readonly string[] Hooks = ["okta"];
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly PulledEvents _pulled = new();
    private readonly List<string> _queries = [];
    private Action? _beforeRows;

    public PulledEventsTests()
    {
        _connection.Open();
        Execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, provenance INTEGER NOT NULL, published_at INTEGER, received_at INTEGER NOT NULL, event_type TEXT);");
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void APullCommittedBetweenTheFingerprintAndTheRows_IsKeptOnce()
    {
        Pull(1, "a");
        Pull(2, "b");
        _beforeRows = () => Pull(3, "c");

        Assert.Equal(["a", "b", "c"], Types());
        Assert.Equal(["a", "b", "c"], Types()); // before: c was read again as new, and kept twice
    }

    [Fact]
    public void APullCommittedAndPushedBetweenTheFingerprintAndTheRows_IsNotKept()
    {
        Pull(1, "a");
        _beforeRows = () => Pull(2, "e");
        Assert.Equal(["a", "e"], Types());

        PushLate(2); // the set is again what the first fingerprint counted
        Assert.Equal(["a"], Types());
    }

    [Fact]
    public void NewPulls_AreReadAlone_AndAddedToTheKeptRows()
    {
        Pull(1, "a");
        Pull(2, "b");
        Assert.Equal(["a", "b"], Types());

        Pull(3, "c");
        Pull(4, "d");
        Assert.Equal(["a", "b", "c", "d"], Types());
        Assert.Contains("seq > @after", _queries[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void ALatePushWithANewPull_ReadsEveryRowAgain()
    {
        Pull(1, "a");
        Pull(2, "b");
        Assert.Equal(["a", "b"], Types());

        PushLate(1);
        Pull(3, "c");
        Pull(4, "d"); // two rows above the kept highest seq, but the count grew by one
        Assert.Equal(["b", "c", "d"], Types());
        Assert.DoesNotContain("seq >", _queries[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void APullCommittedBelowTheHighestSeq_WithALatePush_IsSeen()
    {
        Pull(1, "a");
        Pull(5, "b");
        Assert.Equal(["a", "b"], Types());

        Pull(3, "c"); // another PostgreSQL instance's commit, its seq taken before b's
        PushLate(1); // count and highest seq as before
        Assert.Equal(["b", "c"], Types());
    }

    private List<string?> Types() =>
        [.. _pulled.Read(Hooks, "provenance = 2", Query).Select(e => e.EventType).Order(StringComparer.Ordinal)];

    private DbCommand Query(string sql)
    {
        _queries.Add(sql);
        if (sql.StartsWith("SELECT published_at", StringComparison.Ordinal) && _beforeRows is { } write)
        {
            _beforeRows = null;
            write();
        }

        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private void Pull(long seq, string type) =>
        Execute($"INSERT INTO events VALUES ({seq}, 2, {seq * 1000}, {seq * 1000 + 10}, '{type}');");

    private void PushLate(long seq) => Execute($"UPDATE events SET provenance = 3 WHERE seq = {seq};");

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
