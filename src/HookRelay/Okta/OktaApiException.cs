namespace HookRelay.Okta;

/// <summary>Okta answered with an error that retrying will not fix; the message says what to do.</summary>
internal sealed class OktaApiException : Exception
{
    public OktaApiException()
    {
    }

    public OktaApiException(string message)
        : base(message)
    {
    }

    public OktaApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OktaApiException(int statusCode, string? errorCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public int StatusCode { get; }

    /// <summary>Okta's <c>errorCode</c>, such as <c>E0000011</c>; the only part of an error stable enough to branch on.</summary>
    public string? ErrorCode { get; }
}
