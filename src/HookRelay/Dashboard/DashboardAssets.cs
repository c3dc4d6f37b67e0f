using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace HookRelay.Dashboard;

/// <summary>
/// The dashboard's styles and its small script, embedded in the executable and written into every
/// page (a first load in a fresh browser is one request), with a Content-Security-Policy that allows
/// exactly these two by hash and nothing else inline: no framework, nothing from the internet.
/// </summary>
internal static class DashboardAssets
{
    private static readonly string Style = Read("app.css", "style");
    private static readonly string Script = Read("app.js", "script");

    /// <summary>The <c>&lt;style&gt;</c> and <c>&lt;script&gt;</c> elements for the page's head.</summary>
    public static readonly MarkupString Head = new($"<style>{Style}</style><script>{Script}</script>");

    public static readonly string ContentSecurityPolicy =
        $"default-src 'self'; img-src 'self' data:; style-src '{Hash(Style)}'; script-src '{Hash(Script)}'; form-action 'self'; frame-ancestors 'none'";

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));

    /// <param name="element">The element the file goes inside.</param>
    private static string Read(string name, string element)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"dashboard/{name}")
            ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        // Inside the page, its element's closing tag in the file would end the element early.
        return text.Contains($"</{element}", StringComparison.OrdinalIgnoreCase)
            ? throw new InvalidOperationException($"The dashboard file {name} contains </{element}, which would end it inside the page.")
            : text;
    }
}
