namespace HookRelay.Okta;

/// <summary>What HookRelay has learnt about one org's API: the last success and the last refusal of its credentials.</summary>
internal sealed class OktaOrgStatus
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastSuccess;
    private (DateTimeOffset At, string Message)? _credentialFailure;

    public DateTimeOffset? LastSuccess
    {
        get
        {
            lock (_gate)
            {
                return _lastSuccess;
            }
        }
    }

    /// <summary>The last 401, unless a request has succeeded since.</summary>
    public (DateTimeOffset At, string Message)? CredentialFailure
    {
        get
        {
            lock (_gate)
            {
                return _credentialFailure;
            }
        }
    }

    public void RecordSuccess(DateTimeOffset at)
    {
        lock (_gate)
        {
            _lastSuccess = at;
            _credentialFailure = null;
        }
    }

    public void RecordCredentialFailure(DateTimeOffset at, string message)
    {
        lock (_gate)
        {
            _credentialFailure = (at, message);
        }
    }
}
