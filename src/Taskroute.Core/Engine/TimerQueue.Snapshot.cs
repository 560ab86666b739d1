using System.Runtime.CompilerServices;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Engine;

/// <summary>
/// The timer queue in a snapshot, slot for slot: the modules hold handles (slot and generation) and
/// compare them with what fires, and ties on a deadline are broken by scheduling order, so anything
/// short of the exact layout could fire a timer the modules no longer recognise, or in another order.
/// </summary>
internal sealed partial class TimerQueue
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(SnapshotWriter w)
    {
        w.Int(_used);
        w.Int(_freeHead);
        w.Long(_sequence);
        w.Int(Count);
        for (var i = 1; i < _used; i++)
        {
            ref var s = ref _slots[i];
            w.Bool(s.Pending);
            w.Int(s.Generation);
            w.Int(s.Next);
            // A free slot matters only for its generation and its place in the free list.
            if (!s.Pending) continue;
            w.Long(s.Deadline);
            w.Long(s.Sequence);
            w.Int(s.Task);
            w.Int(s.Lane);
            // Only what the slot's place uses: a reused slot keeps stale values in the other, and the
            // same state must give the same bytes.
            w.Int(s.Lane == InHeap ? s.HeapIndex : s.Previous);
            w.Int((int)s.Owner);
            w.Int((int)s.Kind);
        }
        w.Int(_heapCount);
        for (var i = 0; i < _heapCount; i++) w.Int(_heap[i]);
        w.Int(_laneCount);
        var keys = new (Module, TimerKind, int)[_laneCount];
        foreach (var (key, index) in _laneIndex) keys[index] = key;
        for (var l = 0; l < _laneCount; l++)
        {
            w.Int(_lanes[l].Head);
            w.Int(_lanes[l].Tail);
            w.Int((int)keys[l].Item1);
            w.Int((int)keys[l].Item2);
            w.Int(keys[l].Item3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read(SnapshotReader r)
    {
        _used = r.Count();
        if (_used < 1) throw new SnapshotException("the timer queue has no slot 0");
        _slots = new Slot[Math.Max(1024, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_used))];
        _freeHead = r.Index(_used);
        _sequence = r.Long();
        Count = r.Int();
        var pending = 0;
        for (var i = 1; i < _used; i++)
        {
            ref var s = ref _slots[i];
            s.Pending = r.Bool();
            s.Generation = r.Int();
            s.Next = r.Index(_used);
            if (!s.Pending) continue;
            pending++;
            s.Deadline = r.Long();
            s.Sequence = r.Long();
            s.Task = r.Int();
            s.Lane = r.Int();
            if (s.Lane == InHeap) s.HeapIndex = r.Int();
            else s.Previous = r.Index(_used);
            s.Owner = r.Enum<Module>();
            s.Kind = r.Enum<TimerKind>();
        }
        if (pending != Count) throw new SnapshotException($"the timer queue counts {Count} timers but holds {pending}");
        _heapCount = r.Count();
        _heap = new int[Math.Max(256, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, _heapCount)))];
        for (var i = 0; i < _heapCount; i++) _heap[i] = r.Index(_used);
        _laneCount = r.Count();
        _lanes = new Lane[Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, _laneCount)))];
        _laneIndex.Clear();
        for (var l = 0; l < _laneCount; l++)
        {
            _lanes[l].Head = r.Index(_used);
            _lanes[l].Tail = r.Index(_used);
            _laneIndex.Add((r.Enum<Module>(), r.Enum<TimerKind>(), r.Int()), l);
        }
        for (var i = 1; i < _used; i++)
        {
            ref var s = ref _slots[i];
            if (!s.Pending) continue;
            if (s.Lane == InHeap ? (uint)s.HeapIndex >= (uint)_heapCount || _heap[s.HeapIndex] != i : (uint)s.Lane >= (uint)_laneCount)
                throw new SnapshotException($"timer slot {i} is in neither a lane nor the heap");
        }
    }
}
