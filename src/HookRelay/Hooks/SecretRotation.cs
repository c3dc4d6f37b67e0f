using System.Security.Cryptography;
using System.Text;

namespace HookRelay.Hooks;

/// <summary>
/// A hook's secrets beyond its configuration, persisted in <c>{DataDir}/secrets/{hook}.rotation.json</c>
/// so that a rotation needs neither a configuration edit nor a restart.
/// </summary>
/// <param name="Added">Extra secrets accepted; the last is the one Okta is given.</param>
/// <param name="Retiring">Old secrets accepted until retired.</param>
/// <param name="Retired">SHA-256 of secrets no longer accepted, configured ones included.</param>
internal sealed record SecretRotation(IReadOnlyList<string> Added, IReadOnlyList<RetiringSecret> Retiring, IReadOnlyList<string> Retired)
{
    public static SecretRotation None { get; } = new([], [], []);

    public static string Sha256(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The secrets accepted now, in order: configured (or generated) ones, then added ones; the last is the current one.</summary>
    public IReadOnlyList<string> Accepted(IEnumerable<string> configured, DateTimeOffset now)
    {
        var refused = Retired.Concat(Retiring.Where(r => r.RetireAt <= now).Select(r => r.Sha256)).ToHashSet(StringComparer.Ordinal);
        return [.. configured.Concat(Added).Distinct(StringComparer.Ordinal).Where(s => !refused.Contains(Sha256(s)))];
    }

    /// <summary>New secrets whose first use retires an old one (SHA-256).</summary>
    public IReadOnlySet<string> Watched => Retiring.Where(r => r.NewSecretUsedAt is null).Select(r => r.NewSecretSha256).ToHashSet(StringComparer.Ordinal);

    public SecretRotation Rotate(string oldSecret, string newSecret, DateTimeOffset retireAt, TimeSpan grace) =>
        this with
        {
            Added = [.. Added, newSecret],
            Retiring = [.. Retiring, new RetiringSecret(Sha256(oldSecret), Sha256(newSecret), retireAt, grace)],
        };

    /// <summary>Undoes a rotation Okta never took: the new secret goes, the old one stays.</summary>
    public SecretRotation Cancel(string newSecretSha256) =>
        this with
        {
            Added = [.. Added.Where(s => Sha256(s) != newSecretSha256)],
            Retiring = [.. Retiring.Where(r => r.NewSecretSha256 != newSecretSha256)],
        };

    /// <summary>Okta has the new secret now: the old one retires at <paramref name="retireAt"/> at the latest.</summary>
    public SecretRotation ScheduleRetirement(string newSecretSha256, DateTimeOffset retireAt) =>
        this with
        {
            Retiring = [.. Retiring.Select(r => r.NewSecretSha256 == newSecretSha256 && retireAt < r.RetireAt ? r with { RetireAt = retireAt } : r)],
        };

    /// <summary>Keeps both secrets for good: nobody knows which one Okta has.</summary>
    public SecretRotation KeepBoth(string newSecretSha256) =>
        this with { Retiring = [.. Retiring.Where(r => r.NewSecretSha256 != newSecretSha256)] };

    /// <summary>A request carried the new secret: Okta has switched, so the old one goes after the grace.</summary>
    public SecretRotation NewSecretUsed(string newSecretSha256, DateTimeOffset at) =>
        this with
        {
            Retiring = [.. Retiring.Select(r => r.NewSecretSha256 == newSecretSha256 && r.NewSecretUsedAt is null
                ? r with { NewSecretUsedAt = at, RetireAt = at + r.Grace < r.RetireAt ? at + r.Grace : r.RetireAt }
                : r)],
        };

    /// <summary>Moves old secrets whose time has come to <see cref="Retired"/>, and forgets their plaintext.</summary>
    public SecretRotation RetireDue(DateTimeOffset now)
    {
        var due = Retiring.Where(r => r.RetireAt <= now).Select(r => r.Sha256).ToHashSet(StringComparer.Ordinal);
        return due.Count == 0
            ? this
            : new SecretRotation(
                [.. Added.Where(s => !due.Contains(Sha256(s)))],
                [.. Retiring.Where(r => !due.Contains(r.Sha256))],
                [.. Retired.Concat(due).Distinct(StringComparer.Ordinal)]);
    }

    public DateTimeOffset? NextRetirement => Retiring.Count == 0 ? null : Retiring.Min(r => r.RetireAt);
}
