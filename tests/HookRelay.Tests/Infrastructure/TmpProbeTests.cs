namespace HookRelay.Tests.Infrastructure;

public sealed class TmpProbeTests
{
    [Fact]
    public async Task Probe()
    {
        var own = await PostgresCluster.StartAsync();
        var shared = await PostgresCluster.SharedAsync();
        await own.CreateDatabaseAsync();
        await shared.CreateDatabaseAsync();
        Environment.FailFast("probe crash");
    }
}
