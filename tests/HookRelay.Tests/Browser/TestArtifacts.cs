namespace HookRelay.Tests.Browser;

/// <summary>
/// Where tests leave files for a person to look at after the run (screenshots of every page):
/// <c>HOOKRELAY_TEST_ARTIFACTS</c> when set, else an <c>artifacts</c> folder next to the test assembly.
/// Files are overwritten on the next run, so the folder always shows the latest run.
/// </summary>
public static class TestArtifacts
{
    public const string EnvironmentVariable = "HOOKRELAY_TEST_ARTIFACTS";

    public static string Root { get; } = Path.GetFullPath(
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "artifacts"));

    public static string ScreenshotsFolder => Path.Combine(Root, "screenshots");

    /// <summary>A path in the screenshots folder named after the test and the step, safe as a file name.</summary>
    public static string ScreenshotPath(string test, string step)
    {
        Directory.CreateDirectory(ScreenshotsFolder);
        return Path.Combine(ScreenshotsFolder, $"{Safe(test)}-{Safe(step)}.png");
    }

    private static string Safe(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return string.Concat(name.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c));
    }
}
