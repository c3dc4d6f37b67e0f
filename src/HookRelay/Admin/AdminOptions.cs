namespace HookRelay.Admin;

/// <summary><c>Admin</c>: who may use the admin API and the dashboard.</summary>
internal sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>Bearer tokens, any of which opens the admin API; several allow rotation. None: loopback clients only.</summary>
    public List<string> Tokens { get; set; } = [];
}
