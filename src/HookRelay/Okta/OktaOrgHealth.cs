using System.Globalization;

namespace HookRelay.Okta;

/// <summary>
/// One org's health as the server last assessed it: credentials, the Okta event hooks that
/// deliver to HookRelay, and the daily volume against Okta's cap. Saved to the store for the CLI,
/// with the org's hooks and grace window, so CLI commands run without the server's settings still
/// count right.
/// </summary>
internal sealed record OktaOrgHealth(
    string Org,
    DateTimeOffset CheckedAt,
    DateTimeOffset? LastApiSuccess,
    string? CredentialProblem,
    bool UsesApiToken,
    long EventsLast24Hours,
    DateTimeOffset? HooksCheckedAt,
    IReadOnlyList<string> HookProblems,
    DateTimeOffset? ReconciledUpTo,
    IReadOnlyCollection<string>? Hooks = null,
    TimeSpan? GraceWindow = null)
{
    /// <summary>Okta stops firing event hooks after this many events in 24 hours; only reconciliation brings the rest.</summary>
    public const long DailyCap = 400_000;

    /// <summary>Okta warns at this count; so do we.</summary>
    public const long DailyWarning = 280_000;

    /// <summary>SSWS tokens expire after 30 days without use; warn five days before.</summary>
    public static readonly TimeSpan TokenIdleWarning = TimeSpan.FromDays(25);

    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (CredentialProblem is not null)
            {
                problems.Add($"credentials refused: {CredentialProblem}");
            }
            else if (UsesApiToken && LastApiSuccess is { } used && CheckedAt - used >= TokenIdleWarning)
            {
                problems.Add($"the API token was last used {Days(CheckedAt - used)} days ago; Okta expires tokens after 30 days without use");
            }

            problems.AddRange(HookProblems);
            if (EventsLast24Hours >= DailyCap)
            {
                problems.Add($"{EventsLast24Hours.ToString("N0", CultureInfo.InvariantCulture)} events in 24 h: Okta's cap of 400,000 is reached and it has stopped delivering; reconciliation from the System Log is what keeps events flowing");
            }
            else if (EventsLast24Hours >= DailyWarning)
            {
                problems.Add($"{EventsLast24Hours.ToString("N0", CultureInfo.InvariantCulture)} events in 24 h: past Okta's warning level of 280,000; at 400,000 Okta stops delivering and only reconciliation will bring events");
            }

            return problems;
        }
    }

    private static string Days(TimeSpan span) => ((int)span.TotalDays).ToString(CultureInfo.InvariantCulture);
}
