namespace HookRelay.Storage.Postgres;

/// <summary>The overview's counts on PostgreSQL (indexes of schema 005).</summary>
internal sealed class PostgresOverviewReader(PostgresDatabase database) : IOverviewReader
{
    private readonly SettledMinutes _settled = new();

    public StoreOverview Overview(DateTimeOffset now, int minutes) => database.Read(connection => OverviewQueries.Read(connection, now, minutes, _settled));
}
