namespace HookRelay.Storage;

/// <summary>Durable System Log cursors, one per Okta org.</summary>
internal interface ICursorStore
{
    Uri? LoadCursor(string org);

    Task SaveCursorAsync(string org, Uri next, CancellationToken cancellationToken);
}
