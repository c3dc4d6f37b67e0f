using HookRelay.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HookRelay.Receiver;

/// <summary>What every hook request needs besides the hook itself: time, metrics and the log.</summary>
internal sealed class ReceiverContext(TimeProvider time, HookRelayMetrics metrics, ReceiverLog log)
{
    public TimeProvider Time { get; } = time;

    public HookRelayMetrics Metrics { get; } = metrics;

    public ReceiverLog Log { get; } = log;

    public ProblemHttpResult Finish(string hook, string outcome, ProblemHttpResult problem, long start) =>
        Finish(hook, outcome, problem, problem.StatusCode, start);

    /// <summary>Counts the request by outcome and status, and records how long it took to answer.</summary>
    public T Finish<T>(string hook, string outcome, T result, int statusCode, long start)
    {
        Metrics.Delivery(hook, outcome, statusCode, Time.GetElapsedTime(start));
        return result;
    }
}
