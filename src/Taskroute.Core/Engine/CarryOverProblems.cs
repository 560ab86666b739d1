using System.Globalization;

namespace Taskroute.Core.Engine;

/// <summary>
/// Why the engine's state cannot carry over to another configuration: one line per cause, with how
/// many tasks or agents it holds, so the operator knows what to finish or sign out first.
/// </summary>
internal sealed class CarryOverProblems
{
    private readonly SortedDictionary<string, (int Count, string? Unit)> _causes = new(StringComparer.Ordinal);

    public bool Any => _causes.Count > 0;

    /// <summary>Counts one more task or agent (<paramref name="unit"/>, singular) held up by <paramref name="cause"/>; no count when the cause names its one holder.</summary>
    public void Add(string cause, string? unit)
    {
        _causes[cause] = _causes.TryGetValue(cause, out var seen) ? (seen.Count + 1, unit) : (1, unit);
    }

    public override string ToString() => string.Join("; ", _causes.Select(c => c.Value.Unit is null ? c.Key :
        string.Create(CultureInfo.InvariantCulture, $"{c.Key} ({c.Value.Count} {c.Value.Unit}{(c.Value.Count == 1 ? "" : "s")})")));
}
