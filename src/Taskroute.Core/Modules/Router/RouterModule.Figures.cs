using Taskroute.Core.Waiting;

namespace Taskroute.Core.Modules.Router;

internal sealed partial class RouterModule
{
    /// <summary>
    /// Adds every skill group's and precision queue's figures to <paramref name="into"/>, in the
    /// configuration's order: skill groups, then precision queues. Walks the waiting calls once and
    /// each queue's members: for views, not for routing.
    /// </summary>
    public void QueueFigures(List<QueueFigures> into)
    {
        // Per target: the waiting tasks and the oldest place in line. A precision queue's steps are
        // folded into their queue below, each call counted once there.
        var queued = new int[_targets.Length];
        var oldest = new long[_targets.Length];
        Array.Fill(oldest, long.MaxValue);
        foreach (var call in _calls.Values)
        {
            if (!call.Queued) continue;
            for (var i = 0; i < call.Entries.Count; i++)
            {
                var target = call.Entries[i].Target;
                if (target.PrecisionQueueId != 0 && SameQueueEarlier(call.Entries, i)) continue;
                var slot = target.PrecisionQueueId != 0 ? _precisionQueueTargets[target.PrecisionQueueId][0].Index : target.Index;
                queued[slot]++;
                oldest[slot] = Math.Min(oldest[slot], call.InLineSince);
            }
        }

        foreach (var group in _model.Config.SkillGroups)
        {
            var target = _skillGroupTargets[group.Id];
            var (signedIn, available) = Agents([target]);
            into.Add(new QueueFigures(group.Id, 0, group.MrdId, queued[target.Index],
                oldest[target.Index] == long.MaxValue ? null : oldest[target.Index], signedIn, available));
        }
        foreach (var queue in _model.Config.PrecisionQueues)
        {
            var steps = _precisionQueueTargets[queue.Id];
            var slot = steps.Length > 0 ? steps[0].Index : -1;
            var (signedIn, available) = Agents(steps);
            into.Add(new QueueFigures(0, queue.Id, queue.MrdId, slot < 0 ? 0 : queued[slot],
                slot < 0 || oldest[slot] == long.MaxValue ? null : oldest[slot], signedIn, available));
        }
    }

    private static bool SameQueueEarlier(List<QueueEntry> entries, int i)
    {
        for (var j = 0; j < i; j++)
            if (entries[j].Target.PrecisionQueueId == entries[i].Target.PrecisionQueueId) return true;
        return false;
    }

    // An agent matching several steps of a precision queue is one of its agents, counted once.
    private static (int SignedIn, int Available) Agents(RoutingTarget[] targets)
    {
        var seen = new HashSet<int>();
        int signedIn = 0, free = 0;
        foreach (var target in targets)
        {
            foreach (var link in target.Members)
            {
                if (!seen.Add(link.Agent.Index)) continue;
                var mrd = link.Agent.Mrds[target.MrdIndex];
                if (mrd.LoggedIn) signedIn++;
                if (mrd.Available) free++;
            }
        }
        return (signedIn, free);
    }
}
