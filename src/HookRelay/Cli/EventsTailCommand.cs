using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.InteropServices;
using HookRelay.Hosting;

namespace HookRelay.Cli;

/// <summary>
/// <c>hookrelay events tail</c>: follows the running server's <c>/api/v1/stream</c> and prints each
/// event as it is stored, until Ctrl+C, SIGTERM or the server ends the stream.
/// </summary>
internal static class EventsTailCommand
{
    public static Command Create()
    {
        var type = new Option<string?>("--type") { Description = "Event type glob, for example 'user.lifecycle.*'." };
        var url = new Option<Uri?>("--url") { Description = "The server's address (default: the first of the setting Urls).", CustomParser = ParseUrl };
        var token = new Option<string?>("--token") { Description = "An admin bearer token (default: the first of Admin:Tokens)." };
        var json = CommonOptions.Json();
        var config = CommonOptions.Config();
        var command = new Command("tail", "Follow the running server's events as it stores them, until Ctrl+C.") { type, url, token, json, config };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(config), parse.GetValue(url), parse.GetValue(token), parse.GetValue(type), parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? configFile, Uri? url, string? token, string? type, bool json, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        Uri server;
        try
        {
            var configuration = HookRelayConfiguration.Build(configFile, new Dictionary<string, string?>());
            server = url ?? TailTarget.FromUrls(configuration[ServeSettings.Urls] ?? ServeSettings.DefaultUrls);
            // The configured token goes only to the configured server, never to another --url.
            if (url is null)
            {
                token ??= configuration["Admin:Tokens:0"];
            }
        }
        catch (StartupConfigurationException ex)
        {
            Console.Error.WriteLine($"hookrelay: {ex.Message}");
            return 1;
        }

        try
        {
            await FollowAsync(server, token, type, json, stop.Token);
            Console.Error.WriteLine("hookrelay: the server ended the stream.");
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (CliFailure ex)
        {
            Console.Error.WriteLine($"hookrelay: {ex.Message}");
            return ex.ExitCode;
        }

        void Stop(PosixSignalContext context)
        {
            // Ours to handle: stop reading and exit 0 instead of being killed mid-line.
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static async Task FollowAsync(Uri server, string? token, string? type, bool json, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var path = "api/v1/stream" + (string.IsNullOrEmpty(type) ? string.Empty : "?type=" + Uri.EscapeDataString(type));
        // A base without a trailing slash would lose its last segment (a path prefix behind a proxy).
        var root = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(root, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliFailure($"cannot reach the server at {server}: {ex.Message} Is 'hookrelay serve' running there? (--url or the setting Urls)", ex);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new CliFailure($"the server at {server} refused the stream ({(int)response.StatusCode} {response.ReasonPhrase}); pass --token or set Admin:Tokens.");
            }

            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                throw new CliFailure($"the server at {server} answered {(int)response.StatusCode} {response.ReasonPhrase} ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}), not an event stream; is --url a HookRelay server?");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var message in SseParser.Create(stream).EnumerateAsync(cancellationToken))
            {
                TailPrinter.Print(message, server, type, json);
            }
        }
    }

    private static Uri? ParseUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        result.AddError($"--url '{text}' is not an http:// or https:// address, for example http://127.0.0.1:8080.");
        return null;
    }
}
