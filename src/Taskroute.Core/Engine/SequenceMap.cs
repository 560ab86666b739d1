namespace Taskroute.Core.Engine;

/// <summary>
/// A map from a sequential number (the engine's task number) to a module's record. Numbers are handed
/// out in order and live for a while, so the records sit in fixed-size chunks found by arithmetic:
/// one memory access where a hash table needs three. A chunk is dropped once all its records are
/// gone, so a few long-lived tasks keep only their own chunks alive.
/// </summary>
internal sealed class SequenceMap<T> where T : class
{
    private const int Shift = 12;
    private const int ChunkSize = 1 << Shift;
    private const int Mask = ChunkSize - 1;

    private T?[]?[] _chunks = new T?[]?[16];
    private int[] _counts = new int[16];
    private T?[]? _spare;

    public int Count { get; private set; }

    public T this[int key]
    {
        set => Set(key, value);
    }

    public T? Get(int key)
    {
        var c = key >> Shift;
        return (uint)c < (uint)_chunks.Length && _chunks[c] is { } chunk ? chunk[key & Mask] : null;
    }

    public bool TryGetValue(int key, out T value)
    {
        value = Get(key)!;
        return value is not null;
    }

    public void Set(int key, T value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        var c = key >> Shift;
        if (c >= _chunks.Length)
        {
            var size = Math.Max(_chunks.Length * 2, c + 1);
            Array.Resize(ref _chunks, size);
            Array.Resize(ref _counts, size);
        }
        var chunk = _chunks[c];
        if (chunk is null)
        {
            chunk = _spare ?? new T?[ChunkSize];
            _spare = null;
            _chunks[c] = chunk;
        }
        ref var slot = ref chunk[key & Mask];
        if (slot is null)
        {
            _counts[c]++;
            Count++;
        }
        slot = value;
    }

    public bool Remove(int key, out T value)
    {
        value = null!;
        var c = key >> Shift;
        if ((uint)c >= (uint)_chunks.Length || _chunks[c] is not { } chunk) return false;
        ref var slot = ref chunk[key & Mask];
        if (slot is null) return false;
        value = slot;
        slot = null;
        Count--;
        if (--_counts[c] == 0)
        {
            _chunks[c] = null;
            _spare = chunk;
        }
        return true;
    }

    public bool Remove(int key) => Remove(key, out _);

    public bool ContainsKey(int key) => Get(key) is not null;

    /// <summary>The records in key order.</summary>
    public IEnumerable<T> Values
    {
        get
        {
            foreach (var chunk in _chunks)
            {
                if (chunk is null) continue;
                foreach (var item in chunk)
                    if (item is not null) yield return item;
            }
        }
    }
}
