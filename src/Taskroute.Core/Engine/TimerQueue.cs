using Taskroute.Core.Flow;

namespace Taskroute.Core.Engine;

/// <summary>
/// Pending deadlines, fired in order of deadline and then of scheduling. Cancelling is exact, so the
/// queue holds only live deadlines however far off the cancelled ones were (a max task duration of
/// eight hours would otherwise pile up millions).
/// <para>
/// Most timers of one kind in one MRD share a fixed delay, so they are set in deadline order: such
/// timers go in a lane, a list in deadline order, where setting, cancelling and firing cost O(1). A
/// timer that would land out of order in its lane goes to a binary heap instead. Timers live in a
/// slab of slots reused through a free list, so arming one allocates nothing in steady state. A
/// handle carries the slot and its generation; 0 means no timer.
/// </para>
/// </summary>
internal sealed partial class TimerQueue
{
    internal readonly record struct Due(long Handle, long Deadline, Module Owner, TimerKind Kind, int Task);

    private const int InHeap = -1;

    private struct Slot
    {
        public long Deadline;
        public long Sequence;
        public int Task;
        public int Lane;
        public int HeapIndex;
        public int Previous;
        public int Next;
        public int Generation;
        public bool Pending;
        public Module Owner;
        public TimerKind Kind;
    }

    private struct Lane
    {
        public int Head;
        public int Tail;
    }

    private Slot[] _slots = new Slot[1024];
    private int _freeHead;
    private int _used = 1; // slot 0 is never used: handle 0 and link 0 both mean "none"
    private long _sequence;
    private int[] _heap = new int[256];
    private int _heapCount;
    private Lane[] _lanes = new Lane[16];
    private int _laneCount;
    private readonly Dictionary<(Module, TimerKind, int), int> _laneIndex = [];

    public int Count { get; private set; }

    // The lane groups timers that share a fixed delay: usually the MRD index, or the delay itself.
    public long Schedule(long deadline, Module owner, TimerKind kind, int task, int lane)
    {
        int slot;
        if (_freeHead != 0)
        {
            slot = _freeHead;
            _freeHead = _slots[slot].Next;
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
        s.Pending = true;
        s.Previous = s.Next = 0;
        Count++;

        var l = LaneOf(owner, kind, lane);
        ref var ln = ref _lanes[l];
        if (ln.Tail == 0 || _slots[ln.Tail].Deadline <= deadline)
        {
            s.Lane = l;
            s.Previous = ln.Tail;
            if (ln.Tail != 0) _slots[ln.Tail].Next = slot;
            else ln.Head = slot;
            ln.Tail = slot;
        }
        else
        {
            s.Lane = InHeap;
            if (_heapCount == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
            _heap[_heapCount] = slot;
            s.HeapIndex = _heapCount++;
            SiftUp(s.HeapIndex);
        }
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
        if (s.Generation != generation || !s.Pending) return;
        Detach(slot);
    }

    /// <summary>The timer's deadline while it is pending; 0 once it fired or was cancelled, or for handle 0.</summary>
    public long DeadlineOf(long handle)
    {
        var slot = (int)(handle & 0xFFFFFFFF);
        if (handle == 0 || slot <= 0 || slot >= _used) return 0;
        ref var s = ref _slots[slot];
        return s.Generation == (int)(handle >> 32) && s.Pending ? s.Deadline : 0;
    }

    public bool TryPeekDeadline(out long deadline)
    {
        var slot = Earliest();
        deadline = slot == 0 ? 0 : _slots[slot].Deadline;
        return slot != 0;
    }

    public bool TryDequeueDue(long now, out Due due)
    {
        var slot = Earliest();
        if (slot == 0 || _slots[slot].Deadline > now)
        {
            due = default;
            return false;
        }
        ref var s = ref _slots[slot];
        due = new Due(((long)s.Generation << 32) | (uint)slot, s.Deadline, s.Owner, s.Kind, s.Task);
        Detach(slot);
        return true;
    }

    private int LaneOf(Module owner, TimerKind kind, int lane)
    {
        if (_laneIndex.TryGetValue((owner, kind, lane), out var index)) return index;
        if (_laneCount == _lanes.Length) Array.Resize(ref _lanes, _lanes.Length * 2);
        index = _laneCount++;
        _laneIndex[(owner, kind, lane)] = index;
        return index;
    }

    /// <summary>The slot due first: the smallest (deadline, sequence) among the lanes' heads and the heap's top.</summary>
    private int Earliest()
    {
        var best = _heapCount > 0 ? _heap[0] : 0;
        for (var l = 0; l < _laneCount; l++)
        {
            var head = _lanes[l].Head;
            if (head != 0 && (best == 0 || Before(head, best))) best = head;
        }
        return best;
    }

    private bool Before(int a, int b)
    {
        ref var x = ref _slots[a];
        ref var y = ref _slots[b];
        return x.Deadline < y.Deadline || (x.Deadline == y.Deadline && x.Sequence < y.Sequence);
    }

    private void Detach(int slot)
    {
        ref var s = ref _slots[slot];
        if (s.Lane == InHeap)
        {
            RemoveAt(s.HeapIndex);
        }
        else
        {
            ref var ln = ref _lanes[s.Lane];
            if (s.Previous != 0) _slots[s.Previous].Next = s.Next;
            else ln.Head = s.Next;
            if (s.Next != 0) _slots[s.Next].Previous = s.Previous;
            else ln.Tail = s.Previous;
        }
        s.Pending = false;
        s.Next = _freeHead;
        _freeHead = slot;
        Count--;
    }

    private void RemoveAt(int index)
    {
        _heapCount--;
        if (index == _heapCount) return;
        _heap[index] = _heap[_heapCount];
        _slots[_heap[index]].HeapIndex = index;
        if (index > 0 && Before(_heap[index], _heap[(index - 1) / 2])) SiftUp(index);
        else SiftDown(index);
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
            if (!Before(_heap[index], _heap[parent])) return;
            Swap(index, parent);
            index = parent;
        }
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var left = index * 2 + 1;
            if (left >= _heapCount) return;
            var smallest = left + 1 < _heapCount && Before(_heap[left + 1], _heap[left]) ? left + 1 : left;
            if (!Before(_heap[smallest], _heap[index])) return;
            Swap(index, smallest);
            index = smallest;
        }
    }
}
