using HookRelay.Sinks;
using HookRelay.Sinks.Http;
using HookRelay.Sinks.Nats;
using Microsoft.Extensions.Options;

namespace HookRelay.Pipeline;

/// <summary>Stops the start with a message that names the setting and the fix.</summary>
internal sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var failures = new List<string>();
        foreach (var (sink, settings) in options.Sinks)
        {
            ValidateSink($"Sinks:{sink}", settings, failures);
        }

        for (var i = 0; i < options.Routes.Count; i++)
        {
            var route = options.Routes[i];
            if (route.Sinks.Count == 0)
            {
                failures.Add($"Routes:{i}:Sinks is empty; name at least one sink from Sinks.");
            }

            foreach (var sink in route.Sinks.Where(s => !options.Sinks.ContainsKey(s)))
            {
                failures.Add($"Routes:{i}:Sinks names '{sink}', which is not under Sinks; add it there or fix the name.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSink(string prefix, SinkOptions settings, List<string> failures)
    {
        var type = settings.Type.ToLowerInvariant();
        if (!SinkTypes.All.Contains(type))
        {
            failures.Add($"{prefix}:Type is '{settings.Type}'; use one of {string.Join(", ", SinkTypes.All)}.");
            return;
        }

        if (type == SinkTypes.File && string.IsNullOrWhiteSpace(settings.Path))
        {
            failures.Add($"{prefix}:Path is missing; a file sink needs the path of its JSON-lines file.");
        }

        if (type == SinkTypes.Http)
        {
            failures.AddRange(HttpSinkOptionsCheck.Problems(prefix["Sinks:".Length..], settings));
        }

        if (type == SinkTypes.Nats && !Uri.TryCreate(settings.Url, UriKind.Absolute, out _))
        {
            failures.Add($"{prefix}:Url is missing or not an absolute URL.");
        }

        if (type == SinkTypes.Nats && string.IsNullOrWhiteSpace(settings.Stream))
        {
            failures.Add($"{prefix}:Stream is missing; name the JetStream stream (it is created when missing).");
        }

        if (type == SinkTypes.Nats && !NatsSubjectTemplate.TryParse(settings.Subject, out _, out var problem))
        {
            failures.Add($"{prefix}:Subject: {problem}");
        }

        if (settings.BatchSize is < 1 or > 1000)
        {
            failures.Add($"{prefix}:BatchSize is {settings.BatchSize}; set it between 1 and 1000.");
        }

        if (settings.MaxAttempts < 1)
        {
            failures.Add($"{prefix}:MaxAttempts is {settings.MaxAttempts}; set it to 1 or more.");
        }

        if (settings.Timeout <= TimeSpan.Zero || settings.MaxAge <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}:Timeout and MaxAge must be positive durations such as 00:00:10.");
        }
    }
}
