namespace HookRelay.Hooks;

/// <summary>
/// Where generated hook secrets are kept: the data folder when one server owns the store, the
/// shared database when several instances must answer Okta with the same secret.
/// </summary>
internal interface IGeneratedSecretKeeper
{
    /// <summary>Where the hook's secret is kept, for the one message that shows it.</summary>
    string Location(string hook);

    /// <summary>The hook's kept secret; if there is none yet, keeps <paramref name="candidate"/> (Created is then true).</summary>
    (string Secret, bool Created) GetOrAdd(string hook, string candidate);
}
