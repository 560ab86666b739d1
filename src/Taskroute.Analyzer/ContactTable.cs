using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// The SocialContact ids one source names, each kept once: its events hold a number into the
/// table rather than the 16-byte id, as a task's contact is on many of its lines. Written by the
/// one thread that reads the source, only read afterwards.
/// </summary>
internal sealed class ContactTable
{
    private readonly List<Guid> _ids = [];
    // Only needed while the source is read: let go of by Done.
    private Dictionary<Guid, int>? _numbers = [];

    /// <summary>The id's number, from 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Number(Guid id)
    {
        _numbers ??= Rebuilt();
        if (_numbers.TryGetValue(id, out var n)) return n;
        _ids.Add(id);
        _numbers[id] = _ids.Count;
        return _ids.Count;
    }

    public Guid this[int number] => _ids[number - 1];

    /// <summary>The source has been read: no more ids will come (and if one did, the lookup would be rebuilt).</summary>
    public void Done()
    {
        _numbers = null;
        _ids.TrimExcess();
    }

    private Dictionary<Guid, int> Rebuilt()
    {
        var numbers = new Dictionary<Guid, int>(_ids.Count);
        for (var i = 0; i < _ids.Count; i++) numbers[_ids[i]] = i + 1;
        return numbers;
    }
}
