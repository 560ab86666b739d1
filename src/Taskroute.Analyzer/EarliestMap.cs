using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// The earliest time seen for each id (a pair of longs), remembering the order ids first came in,
/// as a dictionary does with nothing removed. Our own open-addressed table: the library's
/// dictionary over a pair key starts out unoptimized in a run that lasts seconds.
/// </summary>
internal sealed class EarliestMap
{
    private long[] _a = new long[16];
    private long[] _b = new long[16];
    private long[] _time = new long[16];
    private int[] _slots = new int[32];

    public int Count { get; private set; }

    /// <summary>The <paramref name="index"/>-th id in the order they first came, with its earliest time.</summary>
    public (long A, long B, long Time) this[int index] => (_a[index], _b[index], _time[index]);

    /// <summary>Keeps <paramref name="time"/> for the id unless an earlier one is known.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Earliest(long a, long b, long time)
    {
        var slot = Find(a, b);
        var index = _slots[slot] - 1;
        if (index >= 0)
        {
            if (time < _time[index]) _time[index] = time;
            return;
        }
        if (Count == _a.Length) Grow();
        _a[Count] = a;
        _b[Count] = b;
        _time[Count] = time;
        Count++;
        if (Count * 2 > _slots.Length) Rehash();
        else _slots[slot] = Count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGet(long a, long b, out long time)
    {
        var index = _slots[Find(a, b)] - 1;
        time = index >= 0 ? _time[index] : 0;
        return index >= 0;
    }

    // The slot holding the id, or the empty slot where it would go. Slots hold index + 1; 0 is empty.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Find(long a, long b)
    {
        var mask = _slots.Length - 1;
        var slot = (int)(Mix(a, b) & (uint)mask);
        while (true)
        {
            var index = _slots[slot] - 1;
            if (index < 0 || (_a[index] == a && _b[index] == b)) return slot;
            slot = (slot + 1) & mask;
        }
    }

    private static ulong Mix(long a, long b)
    {
        var h = (ulong)a * 0x9E3779B97F4A7C15UL ^ (ulong)b * 0xC2B2AE3D27D4EB4FUL;
        return h ^ (h >> 29);
    }

    private void Grow()
    {
        Array.Resize(ref _a, _a.Length * 2);
        Array.Resize(ref _b, _b.Length * 2);
        Array.Resize(ref _time, _time.Length * 2);
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        for (var i = 0; i < Count; i++) _slots[Find(_a[i], _b[i])] = i + 1;
    }
}
