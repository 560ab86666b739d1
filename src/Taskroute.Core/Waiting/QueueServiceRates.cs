using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Waiting;

/// <summary>
/// How fast each queue (a skill group or a precision queue) hands its tasks to agents, and the wait a
/// task can expect from that: the tasks ahead of it in each of its queues over that queue's rate, the
/// shortest of them, since the first queue to reach it serves it. A queue that served nobody in the
/// last five minutes gives no estimate: one nobody can answer says nothing of its wait.
/// </summary>
internal sealed class QueueServiceRates
{
    private readonly Dictionary<int, int> _skillGroups = [];
    private readonly Dictionary<int, int> _precisionQueues = [];
    private readonly ServiceRate _rate;
    // When any queue last served a task, so that with none served lately nothing is looked up.
    private long _lastStarted = long.MinValue;

    public QueueServiceRates(RoutingConfiguration configuration)
    {
        foreach (var group in configuration.SkillGroups) _skillGroups[group.Id] = _skillGroups.Count;
        foreach (var queue in configuration.PrecisionQueues) _precisionQueues[queue.Id] = _skillGroups.Count + _precisionQueues.Count;
        _rate = new ServiceRate(_skillGroups.Count + _precisionQueues.Count);
    }

    /// <summary>Counts a task an agent started, for the queue it was routed from (none for a task routed to an agent by name).</summary>
    public void Started(in FlowEvent e)
    {
        if (Index(e.SkillGroupId, e.PrecisionQueueId) is not (var q and >= 0)) return;
        _rate.Routed(q, e.Time);
        _lastStarted = Math.Max(_lastStarted, e.Time);
    }

    /// <summary>Whether any queue served a task within the rates' window ending now: if not, no estimate can be made.</summary>
    public bool AnyServedBy(long unixMilliseconds) => _lastStarted > unixMilliseconds - ServiceRate.WindowMilliseconds;

    /// <summary>Seconds until the first of the task's queues reaches it; null when none of them served anyone lately.</summary>
    public int? EstimatedWaitSeconds(List<WaitingQueue> queues, long unixMilliseconds)
    {
        int? best = null;
        foreach (var queue in queues)
        {
            if (Index(queue.SkillGroupId, queue.PrecisionQueueId) is not (var q and >= 0)) continue;
            if (_rate.EstimatedWaitSeconds(q, queue.Ahead, unixMilliseconds) is { } seconds && (best is null || seconds < best)) best = seconds;
        }
        return best;
    }

    private int Index(int skillGroupId, int precisionQueueId) =>
        precisionQueueId != 0 ? _precisionQueues.GetValueOrDefault(precisionQueueId, -1)
        : skillGroupId != 0 ? _skillGroups.GetValueOrDefault(skillGroupId, -1) : -1;
}
