namespace HookRelay.Simulator.Generation;

/// <summary>Who does what to whom in an event: decides its actor, client and targets.</summary>
internal enum EventShape
{
    SignIn,
    SignOut,
    SelfService,
    UserAdmin,
    GroupMembership,
    AppMembership,
    GroupAdmin,
    AppAdmin,
    PolicyAdmin,
    Risk,
    SystemJob,
}
