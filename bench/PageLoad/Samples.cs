namespace PageLoad;

/// <summary>Measured milliseconds per page and way of loading it, in the order first measured.</summary>
internal sealed class Samples
{
    private readonly Dictionary<(string Page, string Load), List<double>> _ms = [];
    private readonly List<(string Page, string Load)> _order = [];

    public IReadOnlyList<(string Page, string Load)> Measured => _order;

    public void Add(string page, string load, double ms)
    {
        if (!_ms.TryGetValue((page, load), out var list))
        {
            _ms[(page, load)] = list = [];
            _order.Add((page, load));
        }

        list.Add(ms);
    }

    /// <summary>The nearest-rank percentile: with 30 loads, p50 is the 15th fastest, p90 the 27th, p99 the slowest.</summary>
    public double Percentile(string page, string load, int percent)
    {
        var sorted = _ms[(page, load)].Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Max(rank, 1) - 1];
    }
}
