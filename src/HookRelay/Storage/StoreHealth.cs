namespace HookRelay.Storage;

internal sealed record StoreHealth(bool IsWritable, string Description);
