using Taskroute.Core.Flow;

namespace Taskroute.Core.Engine;

/// <summary>
/// Pending deadlines in firing order (deadline, then the order they were set), with exact
/// cancellation: a task that is started or ended removes its timers at once, so the queue holds
/// only live deadlines however long the unused ones would have been. Timers live in a slab of
/// slots reused through a free list, so arming one allocates nothing in steady state.
/// A handle carries the slot and its generation; 0 means no timer.
/// </summary>
internal sealed class TimerQueue
{
    internal readonly record struct Due(long Handle, long Deadline, Module Owner, TimerKind Kind, int Task);

    private struct Slot
    {
        public long Deadline;
        public long Sequence;
        public int Task;
        public int HeapIndex;
        public int NextFree;
        public int Generation;
        public Module Owner;
        public TimerKind Kind;
    }

    private Slot[] _slots = new Slot[1024];
    private int[] _heap = new int[1024];
    private int _count;
    private int _freeHead = -1;
    private int _used = 1; // slot 0 is never used, so handle 0 means "none"
    private long _sequence;

    public int Count => _count;

    public long Schedule(long deadline, Module owner, TimerKind kind, int task)
    {
        int slot;
        if (_freeHead >= 0)
        {
            slot = _freeHead;
            _freeHead = _slots[slot].NextFree;
        }
        else
        {
            if (_used == _slots.Length) Array.Resize(ref _slots, _slots.Length * 2);
            slot = _used++;
        }
        ref var s = ref _slots[slot];
        s.Deadline = deadline;
        s.Sequence = ++_sequence;
        s.Owner = owner;
        s.Kind = kind;
        s.Task = task;
        s.Generation++;
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        _heap[_count] = slot;
        s.HeapIndex = _count;
        _count++;
        SiftUp(s.HeapIndex);
        return ((long)s.Generation << 32) | (uint)slot;
    }

    /// <summary>Removes the timer if it is still pending, and clears the handle.</summary>
    public void Cancel(ref long handle)
    {
        if (handle == 0) return;
        var slot = (int)(handle & 0xFFFFFFFF);
        var generation = (int)(handle >> 32);
        handle = 0;
        if (slot <= 0 || slot >= _used) return;
        ref var s = ref _slots[slot];
        if (s.Generation != generation || s.HeapIndex < 0) return;
        RemoveAt(s.HeapIndex);
        Free(slot);
    }

    public bool TryPeekDeadline(out long deadline)
    {
        if (_count > 0)
        {
            deadline = _slots[_heap[0]].Deadline;
            return true;
        }
        deadline = 0;
        return false;
    }

    public bool TryDequeueDue(long now, out Due due)
    {
        if (_count == 0 || _slots[_heap[0]].Deadline > now)
        {
            due = default;
            return false;
        }
        var slot = _heap[0];
        ref var s = ref _slots[slot];
        due = new Due(((long)s.Generation << 32) | (uint)slot, s.Deadline, s.Owner, s.Kind, s.Task);
        RemoveAt(0);
        Free(slot);
        return true;
    }

    private void Free(int slot)
    {
        ref var s = ref _slots[slot];
        s.HeapIndex = -1;
        s.NextFree = _freeHead;
        _freeHead = slot;
    }

    private void RemoveAt(int index)
    {
        _count--;
        if (index == _count) return;
        _heap[index] = _heap[_count];
        _slots[_heap[index]].HeapIndex = index;
        if (index > 0 && Less(index, (index - 1) / 2)) SiftUp(index);
        else SiftDown(index);
    }

    private bool Less(int a, int b)
    {
        ref var x = ref _slots[_heap[a]];
        ref var y = ref _slots[_heap[b]];
        return x.Deadline < y.Deadline || (x.Deadline == y.Deadline && x.Sequence < y.Sequence);
    }

    private void Swap(int a, int b)
    {
        (_heap[a], _heap[b]) = (_heap[b], _heap[a]);
        _slots[_heap[a]].HeapIndex = a;
        _slots[_heap[b]].HeapIndex = b;
    }

    private void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!Less(index, parent)) return;
            Swap(index, parent);
            index = parent;
        }
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var left = index * 2 + 1;
            if (left >= _count) return;
            var smallest = left + 1 < _count && Less(left + 1, left) ? left + 1 : left;
            if (!Less(smallest, index)) return;
            Swap(index, smallest);
            index = smallest;
        }
    }
}
