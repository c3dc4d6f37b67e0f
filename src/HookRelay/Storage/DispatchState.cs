namespace HookRelay.Storage;

/// <summary>Where one (event, sink) work item stands; the numbers are stored.</summary>
internal enum DispatchState
{
    Pending = 0,
    Delivered = 1,
    Dead = 2,
}
