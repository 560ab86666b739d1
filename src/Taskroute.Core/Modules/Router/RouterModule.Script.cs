using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Modules.Router;

/// <summary>The router's script interpreter: runs a call's nodes until it is routed, ends, or waits.</summary>
internal sealed partial class RouterModule
{
    private readonly Dictionary<PercentNode, int[]> _percentCredit = new(ReferenceEqualityComparer.Instance);

    private void RunScript(RouterCall call)
    {
        while (!call.Delivered)
        {
            if (call.Frames.Count == 0)
            {
                // A queued task waits on when its script runs out; one never queued has nowhere to go.
                if (!call.EverQueued) EndInRouter(call, Disposition.IcmRoutingComplete, "the script ended without routing the task", ContactStatus.Discarded);
                return;
            }
            var top = call.Frames.Count - 1;
            var frame = call.Frames[top];
            if (frame.Index >= frame.Nodes.Count)
            {
                call.Frames.RemoveAt(top);
                continue;
            }
            var node = frame.Nodes[frame.Index];
            frame.Index++;
            call.Frames[top] = frame;

            switch (node)
            {
                case QueueNode q:
                    if (!RunQueue(call, q)) return;
                    break;
                case WaitNode w:
                    call.Waiting = w;
                    call.WaitTimer = _ctx.Schedule(_ctx.Now + w.Seconds * 1000L, Module.Router, TimerKind.ScriptWait, call.Task, w.Seconds);
                    return;
                case IfNode f:
                    var yes = ConditionEvaluator.Evaluate(f.Condition, call.Data, _ctx.Now, _model.Config.UtcOffsetMinutes);
                    call.Frames.Add(new ScriptFrame(yes ? f.Then : f.Else, 0));
                    break;
                case PercentNode p:
                    call.Frames.Add(new ScriptFrame(p.Branches[ChooseBranch(p)].Nodes, 0));
                    break;
                case LabelNode l:
                    EndInRouter(call, Disposition.IcmRoutingComplete, "label " + l.Label, ContactStatus.Discarded);
                    return;
                case RejectNode r:
                    EndInRouter(call, Disposition.IcmRoutingComplete, r.Reason ?? "rejected by the script", ContactStatus.Discarded);
                    return;
            }
        }
    }

    /// <summary>Runs a queue node; false when the call left the script (routed or ended).</summary>
    private bool RunQueue(RouterCall call, QueueNode q)
    {
        var priority = call.Data.Priority != 0 ? call.Data.Priority : q.Priority;
        call.Selection = q.Selection;
        if (q.RaisePriorityEverySeconds > 0) call.RaisePriorityEverySeconds = q.RaisePriorityEverySeconds;

        if (q.PrecisionQueue != 0)
        {
            var pq = _model.PrecisionQueues[q.PrecisionQueue];
            call.PrecisionQueue = pq;
            call.PrecisionQueuePriority = priority;
            call.PrecisionQueueStep = -1;
            _ctx.Cancel(ref call.StepTimer);
            if (!NextPrecisionQueueStep(call)) return true;
        }
        else
        {
            // Indexing, not foreach: enumerating an IReadOnlyList boxes an enumerator on every task.
            for (var i = 0; i < q.SkillGroups.Count; i++) AddTarget(call, _skillGroupTargets[q.SkillGroups[i]], priority);
        }

        if (call.Queued)
        {
            if (TrySelectAgent(call, out var link, out var rule, out var candidates))
            {
                Assign(call, link, rule, candidates);
                return false;
            }
            return true;
        }

        if (TrySelectAgent(call, out var first, out var firstRule, out var firstCandidates))
        {
            Assign(call, first, firstRule, firstCandidates);
            return false;
        }
        var max = _model.Mrds[call.MrdIndex].MaxTasksInQueue;
        if (max > 0 && _queuedPerMrd[call.MrdIndex] >= max)
        {
            EndInRouter(call, Disposition.AbandonedInRouter, "max tasks in queue", ContactStatus.Discarded);
            return false;
        }
        EnterQueues(call, null);
        return !call.Delivered;
    }

    private void AddTarget(RouterCall call, RoutingTarget target, int priority)
    {
        foreach (var existing in call.Entries)
            if (existing.Target == target) return;
        var entry = NewEntry(call, target, priority);
        call.Entries.Add(entry);
        if (!call.Queued) return;
        target.Queue.Insert(entry, priority);
        SendTargetAdded(call, target);
    }

    /// <summary>Moves to the next precision queue step whose consider-if holds; false when none is left.</summary>
    private bool NextPrecisionQueueStep(RouterCall call)
    {
        var pq = call.PrecisionQueue!;
        var steps = _precisionQueueTargets[pq.Id];
        for (var s = call.PrecisionQueueStep + 1; s < pq.Steps.Count; s++)
        {
            var step = pq.Steps[s];
            if (step.ConsiderIf is { } condition &&
                !ConditionEvaluator.Evaluate(condition, call.Data, _ctx.Now, _model.Config.UtcOffsetMinutes,
                    new ConditionEvaluator.StepCounts(steps[s].LoggedOn, steps[s].Available.Count)))
                continue;
            call.PrecisionQueueStep = s;
            AddTarget(call, steps[s], call.PrecisionQueuePriority);
            if (s < pq.Steps.Count - 1 && call.Queued)
                call.StepTimer = _ctx.Schedule(_ctx.Now + step.WaitSeconds * 1000L, Module.Router, TimerKind.PrecisionQueueStep, call.Task, step.WaitSeconds);
            return true;
        }
        return false;
    }

    private void AdvancePrecisionQueue(RouterCall call)
    {
        if (!call.Queued || call.PrecisionQueue is null) return;
        if (!NextPrecisionQueueStep(call)) return;
        if (TrySelectAgent(call, out var link, out var rule, out var candidates)) Assign(call, link, rule, candidates);
    }

    /// <summary>Smooth weighted round robin: exact shares over any run of tasks, and the same choices on replay.</summary>
    private int ChooseBranch(PercentNode node)
    {
        if (!_percentCredit.TryGetValue(node, out var credit))
        {
            credit = new int[node.Branches.Count];
            _percentCredit[node] = credit;
        }
        var best = -1;
        for (var i = 0; i < credit.Length; i++)
        {
            credit[i] += node.Branches[i].Percent;
            if (node.Branches[i].Percent > 0 && (best < 0 || credit[i] > credit[best])) best = i;
        }
        credit[best] -= 100;
        return best;
    }
}
