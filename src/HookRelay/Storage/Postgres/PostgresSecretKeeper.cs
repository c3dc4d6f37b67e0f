using HookRelay.Hooks;
using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>Generated hook secrets in the shared database: the first instance's secret is everyone's.</summary>
internal sealed class PostgresSecretKeeper(PostgresDatabase database, TimeProvider timeProvider) : IGeneratedSecretKeeper
{
    public string Location(string hook) => $"the table generated_secrets of the {database.Description}";

    public (string Secret, bool Created) GetOrAdd(string hook, string candidate)
    {
        try
        {
            using var connection = database.OpenForQueries();
            PostgresDatabase.Migrate(connection);
            using var insert = new NpgsqlCommand(
                "INSERT INTO generated_secrets (hook, secret, created_at) VALUES (@hook, @secret, @now) ON CONFLICT (hook) DO NOTHING;", connection)
                .Set("hook", hook).Set("secret", candidate).Set("now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            if (insert.ExecuteNonQuery() == 1)
            {
                return (candidate, true);
            }

            using var select = new NpgsqlCommand("SELECT secret FROM generated_secrets WHERE hook = @hook;", connection).Set("hook", hook);
            return ((string)select.ExecuteScalar()!, false);
        }
        catch (NpgsqlException ex)
        {
            throw new StoreUnavailableException($"Cannot read the generated secret of hook '{hook}' from the {database.Description}: {ex.Message}", ex);
        }
    }
}
