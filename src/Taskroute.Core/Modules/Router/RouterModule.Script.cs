using System.Runtime.InteropServices;
using Taskroute.Core.Configuration;
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
                    var yes = ConditionEvaluator.Evaluate(f.Condition, call.Data, _ctx.Now, _model.Clock.OffsetAt(_ctx.Now));
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
            if (!QueueToPrecisionQueue(call, _model.PrecisionQueues[q.PrecisionQueue], priority)) return true;
        }
        else
        {
            // Indexing, not foreach: enumerating an IReadOnlyList boxes an enumerator on every task.
            for (var i = 0; i < q.SkillGroups.Count; i++) AddTarget(call, _skillGroupTargets[q.SkillGroups[i]], priority);
        }
        // A raise this node sets starts now for a task already waiting; entering the queues starts it otherwise.
        if (call.Queued && q.RaisePriorityEverySeconds > 0 && call.PriorityTimer == 0 && call.Priority > 1 && Rules >= RoutingRules.ParallelPrecisionQueues)
            call.PriorityTimer = _ctx.Schedule(_ctx.Now + call.RaisePriorityEverySeconds * 1000L, Module.Router, TimerKind.PriorityRaise, call.Task, call.RaisePriorityEverySeconds);

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

    private int Rules => _ctx.RoutingRules;

    private void AddTarget(RouterCall call, RoutingTarget target, int priority)
    {
        foreach (var existing in call.Entries)
        {
            if (existing.Target != target) continue;
            // Queued again where it already waits: the node's priority is the one it waits at now
            // (CCE's usual way to raise a waiting task). The first rules left it as it was.
            if (Rules >= RoutingRules.ParallelPrecisionQueues) Reprioritize(call, existing, priority);
            return;
        }
        var entry = NewEntry(call, target, priority);
        call.Entries.Add(entry);
        if (!call.Queued) return;
        target.Queue.Insert(entry, priority);
        SendTargetAdded(call, target);
    }

    private static void Reprioritize(RouterCall call, QueueEntry entry, int priority)
    {
        var bucket = Math.Clamp(priority, 1, 10) - 1;
        if (entry.Bucket == bucket) return;
        if (!call.Queued)
        {
            entry.Bucket = bucket;
            return;
        }
        // Its place among tasks of the new priority is still by when it arrived.
        entry.Target.Queue.Remove(entry);
        entry.Target.Queue.Insert(entry, priority);
    }

    /// <summary>
    /// Queues the call to a precision queue: a walk of its steps beside any others it has (CCE's
    /// router walks the steps of each precision queue a call is queued to in parallel); one it
    /// already walks keeps its step and takes the node's priority. False when no step's consider-if
    /// holds, so the node queues nothing.
    /// </summary>
    private bool QueueToPrecisionQueue(RouterCall call, PrecisionQueue pq, int priority)
    {
        var walks = CollectionsMarshal.AsSpan(call.Walks);
        if (Rules < RoutingRules.ParallelPrecisionQueues)
        {
            // The first rules: one precision queue at a time, its steps started over.
            for (var i = 0; i < walks.Length; i++) _ctx.Cancel(ref walks[i].StepTimer);
            call.Walks.Clear();
        }
        else
        {
            for (var i = 0; i < walks.Length; i++)
            {
                if (walks[i].Queue.Id != pq.Id) continue;
                walks[i].Priority = priority;
                foreach (var entry in call.Entries)
                    if (entry.Target.PrecisionQueueId == pq.Id) Reprioritize(call, entry, priority);
                return true;
            }
        }
        call.Walks.Add(new PrecisionQueueWalk { Queue = pq, Step = -1, Priority = priority });
        if (NextPrecisionQueueStep(call, call.Walks.Count - 1))
        {
            // QUEUED_TASK_EVENT names the precision queue a task first waits in; one it joins while
            // waiting is said on its own, so the reports count the task offered there too.
            if (call.Queued && Rules >= RoutingRules.ParallelPrecisionQueues) SendPrecisionQueueAdded(call, pq);
            return true;
        }
        // Nothing queued to it: under the first rules the walk stayed, at no step.
        if (Rules >= RoutingRules.ParallelPrecisionQueues) call.Walks.RemoveAt(call.Walks.Count - 1);
        return false;
    }

    /// <summary>Moves the walk to its next step whose consider-if holds; false when none is left.</summary>
    private bool NextPrecisionQueueStep(RouterCall call, int w)
    {
        ref var walk = ref CollectionsMarshal.AsSpan(call.Walks)[w];
        var pq = walk.Queue;
        var steps = _precisionQueueTargets[pq.Id];
        for (var s = walk.Step + 1; s < pq.Steps.Count; s++)
        {
            var step = pq.Steps[s];
            if (step.ConsiderIf is { } condition &&
                !ConditionEvaluator.Evaluate(condition, call.Data, _ctx.Now, _model.Clock.OffsetAt(_ctx.Now),
                    new ConditionEvaluator.StepCounts(steps[s].LoggedOn, steps[s].Available.Count)))
                continue;
            walk.Step = s;
            // AddTarget adds to the list of entries, not of walks: the reference stays good.
            AddTarget(call, steps[s], walk.Priority);
            walk.StepDeadline = 0;
            if (s < pq.Steps.Count - 1 && call.Queued)
            {
                walk.StepDeadline = _ctx.Now + step.WaitSeconds * 1000L;
                walk.StepTimer = _ctx.Schedule(walk.StepDeadline, Module.Router, TimerKind.PrecisionQueueStep, call.Task, step.WaitSeconds);
            }
            return true;
        }
        return false;
    }

    private void AdvancePrecisionQueue(RouterCall call, int w)
    {
        if (!call.Queued) return;
        if (!NextPrecisionQueueStep(call, w)) return;
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
