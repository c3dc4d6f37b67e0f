namespace HookRelay.Storage.Sqlite;

/// <summary>The overview's counts on SQLite (indexes of schema 008).</summary>
internal sealed class SqliteOverviewReader(SqliteDatabase database) : IOverviewReader
{
    private readonly SettledMinutes _settled = new();

    public StoreOverview Overview(DateTimeOffset now, int minutes)
    {
        using var connection = database.OpenForQueries();
        return OverviewQueries.Read(connection, now, minutes, _settled);
    }
}
