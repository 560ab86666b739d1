using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Modules.Router;

/// <summary>
/// The router's record of a task from NEW_CALL until the task ends: its script position, the
/// targets it is queued to, its timers. Kept while an agent holds the task, so a ring no answer
/// can put it back where it was. Pooled.
/// </summary>
internal sealed class RouterCall
{
    public int Task;
    public Guid Contact;
    public int DialogueId;
    public TaskData Data = null!;
    public IcmTaskId TaskId;
    public ScriptSelector Selector = null!;
    public int MrdIndex;

    /// <summary>
    /// Orders tasks of equal priority: smaller waited longer. Given when the task first enters its
    /// queues, or is routed from its first queue node at once; kept when the task is taken back after
    /// RONA. 0 (none) only for a task routed at once under rules before
    /// <see cref="Engine.RoutingRules.PlaceInLineFromFirstQueueNode"/>.
    /// </summary>
    public long OrderKey;
    public long ArrivedAt;
    public bool EverQueued;
    public bool Queued;
    public long QueuedSince;

    /// <summary>
    /// When the task took its place in line: first queued, or routed from its first queue node at
    /// once. A ring-out does not move it, so a waiting task's wait counts from here (0: not yet).
    /// </summary>
    public long InLineSince;
    public long QueuedMillis;
    public bool Delivered;
    public int RequeueCount;

    /// <summary>One entry per target the script queued the task to; they stay while an agent holds the task.</summary>
    public readonly List<QueueEntry> Entries = [];
    public AgentSelection Selection;
    public int RaisePriorityEverySeconds;

    public readonly List<ScriptFrame> Frames = [];
    public WaitNode? Waiting;

    /// <summary>The precision queues the task is queued to, each with the step it has reached.</summary>
    public readonly List<PrecisionQueueWalk> Walks = [];

    /// <summary>The first precision queue the task was queued to, the one its messages name; null when none.</summary>
    public PrecisionQueue? PrecisionQueue => Walks.Count > 0 ? Walks[0].Queue : null;

    public long WaitTimer;
    public long PriorityTimer;
    public long MaxQueueTimer;
    public long LifeTimer;
    public long LifeDeadline;

    public int Priority
    {
        get
        {
            var best = 10;
            foreach (var e in Entries) best = Math.Min(best, e.Bucket + 1);
            return best;
        }
    }

    public void Reset()
    {
        Task = 0;
        Contact = Guid.Empty;
        DialogueId = 0;
        Data = null!;
        TaskId = IcmTaskId.None;
        Selector = null!;
        MrdIndex = 0;
        OrderKey = 0;
        ArrivedAt = 0;
        EverQueued = Queued = Delivered = false;
        QueuedSince = QueuedMillis = InLineSince = 0;
        RequeueCount = 0;
        Entries.Clear();
        Selection = AgentSelection.LongestAvailable;
        RaisePriorityEverySeconds = 0;
        Frames.Clear();
        Waiting = null;
        Walks.Clear();
        WaitTimer = PriorityTimer = MaxQueueTimer = LifeTimer = LifeDeadline = 0;
    }
}
