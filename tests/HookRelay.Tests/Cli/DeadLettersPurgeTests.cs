using HookRelay.Storage;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Storage;
using HookRelay.Tests.Storage.Contract;

namespace HookRelay.Tests.Cli;

/// <summary><c>hookrelay deadletters purge</c> with the real executable on a SQLite store.</summary>
public sealed class DeadLettersPurgeTests
{
    [Fact]
    public async Task Purge_WithoutYesChangesNothingAndFails_WithYesDeletesTheSinksDeadLetters()
    {
        using var folder = new TempDirectory();
        await using (var store = new SqliteStoreUnderTest(folder.Path))
        {
            var delivery = StoreHarness.WithEvents("p-1", "p-2");
            await store.Store.AppendAsync(delivery with { Events = [.. delivery.Events.Select(e => e with { Sinks = ["siem", "archive"] })] }, CancellationToken.None);
            foreach (var sink in new[] { "siem", "archive" })
            {
                var claimed = await store.Queue.ClaimAsync(sink, 10, TimeSpan.FromMinutes(1), CancellationToken.None);
                await store.Queue.CompleteAsync([.. claimed.Select(c => new DispatchCompletion(c.Id, DispatchState.Dead, null, "400"))], CancellationToken.None);
            }
        }

        var unconfirmed = await HookRelayProcess.RunAsync(["deadletters", "purge", "--data-dir", folder.Path]);
        var deadAfterUnconfirmed = DeadLetters(folder);
        var badAge = await HookRelayProcess.RunAsync(["deadletters", "purge", "--older-than", "soon", "--yes", "--data-dir", folder.Path]);
        var purged = await HookRelayProcess.RunAsync(["deadletters", "purge", "--sink", "siem", "--older-than", "0s", "--yes", "--data-dir", folder.Path]);

        Assert.True(unconfirmed.ExitCode == 1, unconfirmed.Stdout + unconfirmed.Stderr);
        Assert.Contains("4 dead letters would be purged", unconfirmed.Stdout, StringComparison.Ordinal);
        Assert.Contains("add --yes", unconfirmed.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, deadAfterUnconfirmed);
        Assert.Equal(2, badAge.ExitCode);
        Assert.Contains("'soon' is not a duration", badAge.Stderr, StringComparison.Ordinal);
        Assert.True(purged.ExitCode == 0, purged.Stdout + purged.Stderr);
        Assert.Contains("Purged 2 dead letters of sink 'siem'", purged.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, DeadLetters(folder));
        Assert.Equal(2, StoreQueries.Scalar(folder.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 2 AND sink = 'archive'"));
    }

    private static long DeadLetters(TempDirectory folder) => StoreQueries.Scalar(folder.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 2");
}
