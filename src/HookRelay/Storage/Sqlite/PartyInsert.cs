using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HookRelay.Storage.Sqlite;

/// <summary>
/// Inserts <c>event_parties</c> rows with one statement prepared per group commit and run through
/// SQLitePCL directly. A typical Okta event has six ids, and binding them by name through
/// Microsoft.Data.Sqlite made their share of a commit 1.6 times as long.
/// </summary>
internal sealed class PartyInsert : IDisposable
{
    // OR IGNORE: a repeat cannot happen (a new seq, ids distinct per role), and if it did, the
    // search index must not be what makes a delivery fail.
    private const string Sql = "INSERT OR IGNORE INTO event_parties (role, value, sort_time, event_seq) VALUES (?1, ?2, ?3, ?4);";

    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    public PartyInsert(SqliteConnection connection)
    {
        _database = connection.Handle!;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_database, Sql, out _statement), _database);
    }

    public void Insert(PartyRole role, IReadOnlyList<string> ids, long sortTime, long seq)
    {
        foreach (var id in ids)
        {
            raw.sqlite3_bind_int(_statement, 1, (int)role);
            raw.sqlite3_bind_text(_statement, 2, id);
            raw.sqlite3_bind_int64(_statement, 3, sortTime);
            raw.sqlite3_bind_int64(_statement, 4, seq);
            var result = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (result != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(result, _database);
            }
        }
    }

    public void Dispose() => _statement.Dispose();
}
