using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// The ids a task names (agents, logins) with when it first names each, in the order they came: a
/// task names one or two, so a short list beats a dictionary per task.
/// </summary>
internal sealed class FirstSeen
{
    private readonly List<(int Id, long Time)> _ids = new(2);

    public int Count => _ids.Count;

    public (int Id, long Time) this[int index] => _ids[index];

    /// <summary>Remembers <paramref name="id"/> at <paramref name="time"/> unless already named.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int id, long time)
    {
        foreach (var (known, _) in _ids)
            if (known == id) return;
        _ids.Add((id, time));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGet(int id, out long time)
    {
        foreach (var (known, at) in _ids)
        {
            if (known != id) continue;
            time = at;
            return true;
        }
        time = 0;
        return false;
    }
}
