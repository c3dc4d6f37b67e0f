namespace HookRelay.Admin;

/// <summary>What <see cref="AdminAccessPolicy"/> decided about a request.</summary>
internal enum AdminAccess
{
    Granted,
    MissingToken,
    WrongToken,

    /// <summary>No token is configured and the client is not on this machine.</summary>
    LoopbackOnly,
}
