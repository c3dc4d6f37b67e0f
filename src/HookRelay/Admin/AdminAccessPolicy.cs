using System.Net;
using System.Security.Cryptography;
using System.Text;
using HookRelay.Dashboard;
using Microsoft.Extensions.Options;

namespace HookRelay.Admin;

/// <summary>
/// The one rule for the admin API and the dashboard: with <c>Admin:Tokens</c> set, a request must
/// carry one of them as a bearer token; without, only clients on this machine are answered.
/// Hook secrets are a different list and open nothing here. The dashboard's pages, which a browser
/// opens without a bearer header, also take the sign-in cookie one of the tokens earned
/// (<see cref="DashboardSession"/>).
/// </summary>
internal sealed class AdminAccessPolicy(IOptionsMonitor<AdminOptions> options, TimeProvider time)
{
    private const string Scheme = "Bearer ";

    public bool RequiresToken => options.CurrentValue.Tokens.Count > 0;

    public AdminAccess Decide(HttpContext context) => Decide(context, acceptSession: false);

    /// <summary>As <see cref="Decide(HttpContext)"/>, for a dashboard page: a valid sign-in cookie also grants.</summary>
    public AdminAccess DecidePage(HttpContext context) => Decide(context, acceptSession: true);

    /// <summary>True when <paramref name="presented"/> is one of <c>Admin:Tokens</c> (the dashboard's sign-in form).</summary>
    public bool IsToken(string presented) => RequiresToken && Matches(presented, options.CurrentValue.Tokens);

    private AdminAccess Decide(HttpContext context, bool acceptSession)
    {
        var tokens = options.CurrentValue.Tokens;
        if (tokens.Count == 0)
        {
            // The Host too: a web page whose name was re-pointed at 127.0.0.1 (DNS rebinding) would
            // otherwise reach the API from the user's own browser as a local client.
            // And no proxy: through one on this machine every client would look local.
            return IsLoopback(context.Connection.RemoteIpAddress) && IsLoopbackHost(context.Request.Host.Host) && !IsForwarded(context.Request)
                ? AdminAccess.Granted
                : AdminAccess.LoopbackOnly;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            return acceptSession && context.Request.Cookies.TryGetValue(DashboardSession.CookieName, out var session)
                ? DashboardSession.IsValid(session, tokens, time.GetUtcNow()) ? AdminAccess.Granted : AdminAccess.WrongToken
                : AdminAccess.MissingToken;
        }

        return Matches(header[Scheme.Length..].Trim(), tokens) ? AdminAccess.Granted : AdminAccess.WrongToken;
    }

    /// <summary>
    /// Compares SHA-256 hashes in constant time, and every configured token each time, so neither
    /// the length nor the position of a match shows in the response time.
    /// </summary>
    private static bool Matches(string presented, List<string> tokens)
    {
        Span<byte> given = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> known = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), given);
        var match = false;
        foreach (var token in tokens)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(token), known);
            match |= CryptographicOperations.FixedTimeEquals(given, known);
        }

        return match;
    }

    private static bool IsForwarded(HttpRequest request) =>
        request.Headers.ContainsKey("X-Forwarded-For") || request.Headers.ContainsKey("Forwarded");

    private static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IsLoopback(address));

    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
