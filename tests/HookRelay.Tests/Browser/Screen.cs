namespace HookRelay.Tests.Browser;

/// <summary>The screen a page is opened on: the dashboard must be usable on a laptop and on a phone.</summary>
public sealed record Screen(int Width, int Height, bool Mobile, float DeviceScaleFactor)
{
    public static Screen Laptop { get; } = new(1366, 768, Mobile: false, DeviceScaleFactor: 1);

    /// <summary>An iPhone 12–15 sized screen, with touch and mobile viewport rules.</summary>
    public static Screen Phone { get; } = new(390, 844, Mobile: true, DeviceScaleFactor: 2);
}
