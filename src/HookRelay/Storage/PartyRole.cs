namespace HookRelay.Storage;

/// <summary>What a row of <c>event_parties</c> names: the event's actor or one of its targets.</summary>
internal enum PartyRole
{
    Actor = 1,
    Target = 2,
}
