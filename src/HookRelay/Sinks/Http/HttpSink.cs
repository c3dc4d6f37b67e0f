using System.Net;
using System.Net.Http.Headers;

namespace HookRelay.Sinks.Http;

/// <summary>
/// POSTs a batch to an HTTP endpoint: one event as its JSON object exactly as stored, several as a
/// JSON array of them, or Splunk HEC events with <c>Preset: splunk-hec</c>. Signed per Standard
/// Webhooks when <see cref="SinkOptions.SigningSecret"/> is set. Outcomes are values: 2xx is
/// delivered; 408, 429, 5xx, timeouts and connection failures are retried (honouring Retry-After);
/// any other 4xx is rejected.
/// </summary>
internal sealed class HttpSink(string name, SinkOptions options, HttpClient client, TimeProvider timeProvider) : IEventSink
{
    public const string SplunkHecPreset = "splunk-hec";

    private readonly Uri _url = HttpSinkOptionsCheck.ThrowIfInvalid(name, options);
    private readonly WebhookSigner? _signer = string.IsNullOrEmpty(options.SigningSecret) ? null : WebhookSigner.Create(options.SigningSecret);
    private readonly bool _splunkHec = HttpSinkOptionsCheck.IsSplunkHec(options);
    private readonly string _host = Environment.MachineName;
    private readonly IReadOnlyList<string> _secrets = HttpSinkOptionsCheck.SecretValues(options);

    public string Name => name;

    /// <summary>A client for one sink: the options' timeout, no redirects (a 301/302 would turn the POST into a body-less GET), pooled connections that pick up DNS changes.</summary>
    public static HttpClient CreateHttpClient(SinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        var httpClient = new HttpClient(handler, disposeHandler: true) { Timeout = options.Timeout };
        httpClient.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("HookRelay", "1.0"));
        return httpClient;
    }

    public async Task<SinkResult> DeliverAsync(IReadOnlyList<SinkEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return SinkResult.Delivered;
        }

        using var request = CreateRequest(batch);

        // The sink owns its timeout, whatever the HttpClient it was given says.
        using var timeout = new CancellationTokenSource(options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (HttpOutcome.IsSuccess(response.StatusCode))
            {
                return SinkResult.Delivered;
            }

            var bodyStart = await HttpOutcome.ReadBodyStartAsync(response.Content, linked.Token);
            cancellationToken.ThrowIfCancellationRequested();
            return HttpOutcome.Classify(response, bodyStart, timeProvider.GetUtcNow(), _secrets);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SinkResult.Retry($"No response from {_url.Authority} within {options.Timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException ex)
        {
            return SinkResult.Retry(HttpOutcome.Redact($"POST to {_url.Authority} failed ({ex.HttpRequestError}): {ex.Message}", _secrets));
        }
    }

    private HttpRequestMessage CreateRequest(IReadOnlyList<SinkEvent> batch)
    {
        var body = _splunkHec ? HttpSinkBody.SplunkHec(batch, _host) : HttpSinkBody.Events(batch);
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = content };

        foreach (var (header, value) in options.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(header, value))
            {
                content.Headers.Remove(header);
                content.Headers.TryAddWithoutValidation(header, value);
            }
        }

        if (_splunkHec)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Splunk", options.Token);
        }

        _signer?.Sign(request, WebhookSigner.MessageId(batch), timeProvider.GetUtcNow(), body.Span);
        return request;
    }
}
