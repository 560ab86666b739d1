using Taskroute.Core.Flow;

namespace Taskroute.Core.Engine;

/// <summary>
/// What the modules share: the compiled configuration, the current time, the timers, and the
/// outbox every message goes through. The outbox is also the dispatch queue: messages are
/// delivered in the order they were sent, one at a time, so the flow is deterministic.
/// </summary>
internal sealed class EngineContext(RoutingModel model, EngineOptions options)
{
    private FlowEvent[] _events = new FlowEvent[256];
    private int _count;
    private int _next;

    // Set only by a configuration change, which rebuilds the modules that index the model.
    public RoutingModel Model { get; set; } = model;
    public EngineOptions Options { get; } = options;
    public TimerQueue Timers { get; } = new();

    /// <summary>The router's rules in force (<see cref="Engine.RoutingRules"/>); raised by a journaled command.</summary>
    public int RoutingRules { get; set; } = options.RoutingRules;

    /// <summary>The time of the command or timer being handled, Unix milliseconds.</summary>
    public long Now { get; set; }

    /// <summary>The time of the command being run; <see cref="Now"/> is earlier while deadlines it passed fire at their own times.</summary>
    public long CommandTime { get; set; }

    /// <summary>Set by a module that refuses the command being handled.</summary>
    public ArmStatus Status { get; private set; }
    public string? Detail { get; private set; }

    public ReadOnlySpan<FlowEvent> Events => _events.AsSpan(0, _count);

    public void Send(in FlowEvent e)
    {
        if (_count == _events.Length) Array.Resize(ref _events, _events.Length * 2);
        _events[_count++] = e;
    }

    public bool HasPending => _next < _count;

    /// <summary>
    /// The next message to deliver, by reference: no copy. Sending while it is handled may grow the
    /// buffer, which leaves the reference on the old array, still alive and unchanged.
    /// </summary>
    public ref readonly FlowEvent TakeNext() => ref _events[_next++];

    public void Fail(ArmStatus status, string detail)
    {
        if (Status != ArmStatus.Success) return;
        Status = status;
        Detail = detail;
    }

    /// <summary>Refused as CCE refuses it, yet part of what it asked was done: the command is kept as made (see <see cref="CommandResult.Applied"/>).</summary>
    public void FailApplied(ArmStatus status, string detail)
    {
        if (Status != ArmStatus.Success) return;
        Fail(status, detail);
        Applied = true;
    }

    public bool Applied { get; private set; }

    public void BeginBatch()
    {
        _count = 0;
        _next = 0;
        Status = ArmStatus.Success;
        Detail = null;
        Applied = false;
    }

    public void ClearStatus()
    {
        Status = ArmStatus.Success;
        Detail = null;
        Applied = false;
    }

    public long Schedule(long deadline, Module owner, TimerKind kind, int task, int lane) => Timers.Schedule(deadline, owner, kind, task, lane);

    public void Cancel(ref long handle) => Timers.Cancel(ref handle);
}
