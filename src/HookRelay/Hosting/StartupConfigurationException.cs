namespace HookRelay.Hosting;

/// <summary>A setting that stops the start; the message names the setting and the fix.</summary>
internal sealed class StartupConfigurationException : Exception
{
    public StartupConfigurationException()
    {
    }

    public StartupConfigurationException(string message)
        : base(message)
    {
    }

    public StartupConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
