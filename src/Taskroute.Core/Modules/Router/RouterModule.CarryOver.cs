using Taskroute.Core.Engine;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Modules.Router;

/// <summary>
/// A configuration change: a fresh router built on the new configuration takes over the old one's
/// books. Everything is matched by id (agents, MRDs, skill groups, precision queues and their steps,
/// script selectors by name), never by index. Agents' memberships and availability come from the new
/// configuration; each waiting task keeps its place in line; a task part way through its script goes
/// on at the same place when the script kept its shape, and otherwise stays where the old script put
/// it. What cannot be matched (a queue removed with tasks in it) is a problem, and nothing changes.
/// </summary>
internal sealed partial class RouterModule
{
    /// <summary>Finds what keeps <paramref name="old"/>'s open tasks from carrying over to this router's configuration; changes nothing.</summary>
    public void CheckCarryOver(RouterModule old, CarryOverProblems problems)
    {
        var shapes = new Dictionary<string, (ScriptShape Old, ScriptShape New)?>(StringComparer.Ordinal);
        foreach (var call in old._calls.Values)
        {
            var mrdId = old._model.Mrds[call.MrdIndex].Id;
            var selector = call.Selector.Name;
            var held = call.Queued ? "queued to it" : "routed from it and held by agents";
            // Every cause is named, not only the first: an operator mends them all in one go.
            if (_model.MrdIndex(mrdId) < 0) problems.Add($"MRD {mrdId} is removed, but tasks in it are still open", "task");
            if (!_model.Selectors.TryGetValue(selector, out var next))
                problems.Add($"script selector '{selector}' is removed, but tasks it routed are still open", "task");
            else if (next.MrdId != mrdId && _model.MrdIndex(mrdId) >= 0)
                problems.Add($"script selector '{selector}' moves from MRD {mrdId} to MRD {next.MrdId}, but tasks it routed are still open", "task");
            foreach (var entry in call.Entries)
            {
                if (TargetFor(entry.Target) is { } target && target.MrdIndex == _model.MrdIndex(mrdId)) continue;
                var pq = entry.Target.PrecisionQueueId;
                if (pq != 0 && !_model.PrecisionQueues.ContainsKey(pq)) continue;
                problems.Add(pq != 0
                    ? $"precision queue {pq} loses its step {entry.Target.Step + 1} or moves to another MRD, but tasks {held} are still open"
                    : _model.SkillGroups.ContainsKey(entry.Target.SkillGroupId)
                        ? $"skill group {entry.Target.SkillGroupId} moves to another MRD, but tasks {held} are still open"
                        : $"skill group {entry.Target.SkillGroupId} is removed, but tasks {held} are still open", "task");
            }
            foreach (var walk in call.Walks)
                if (!_model.PrecisionQueues.ContainsKey(walk.Queue.Id))
                    problems.Add($"precision queue {walk.Queue.Id} is removed, but tasks {held} are still open", "task");
            if ((call.Frames.Count > 0 || call.Waiting is not null) && !call.EverQueued && !call.Delivered && next is not null && Shapes(shapes, old, selector) is null)
                problems.Add($"the script of '{selector}' changes shape while tasks wait in it before their first queue (try again once they are queued)", "task");
        }
    }

    /// <summary>Takes over <paramref name="old"/>'s books; <see cref="CheckCarryOver"/> found no problem.</summary>
    public void CarryOver(RouterModule old)
    {
        _day = old._day;
        _nextKey = old._nextKey;
        _orderSequence = old._orderSequence;
        _headSequence = old._headSequence;
        _availableSequence = old._availableSequence;
        for (var m = 0; m < _queuedPerMrd.Length; m++)
            _queuedPerMrd[m] = old._model.MrdIndex(_model.Mrds[m].Id) is var om and >= 0 ? old._queuedPerMrd[om] : 0;

        var available = new List<(RouterAgent Agent, int Mrd)>();
        foreach (var agent in _agents)
        {
            if (!old._model.AgentIndexById.TryGetValue(agent.AgentId, out var oa)) continue;
            for (var m = 0; m < agent.Mrds.Length; m++)
            {
                if (old._model.MrdIndex(_model.Mrds[m].Id) is not (var om and >= 0)) continue;
                var was = old._agents[oa].Mrds[om];
                var am = agent.Mrds[m];
                am.LoggedIn = was.LoggedIn;
                am.Eligible = was.Eligible;
                // Signed out, the agent takes the MRD's new limit at its next sign-in; signed in, it keeps the one it signed in with.
                am.MaxTaskLimit = was.LoggedIn ? was.MaxTaskLimit : am.MaxTaskLimit;
                am.NumTasks = was.NumTasks;
                am.AvailableOrder = was.AvailableOrder;
                if (am.LoggedIn)
                    foreach (var link in am.Links) link.Target.LoggedOn++;
                if (am.Available) available.Add((agent, m));
            }
        }
        // Longest available first in every target, as if each agent had joined the new targets in the order it became available.
        available.Sort((x, y) => x.Agent.Mrds[x.Mrd].AvailableOrder.CompareTo(y.Agent.Mrds[y.Mrd].AvailableOrder));
        foreach (var (agent, m) in available)
            foreach (var link in agent.Mrds[m].Links) link.Target.Available.Append(link);
        foreach (var target in _targets)
            if (old.TargetFor(target) is { } was && target.Members.Length > 0) target.RoundRobinCursor = was.RoundRobinCursor % target.Members.Length;

        var shapes = new Dictionary<string, (ScriptShape Old, ScriptShape New)?>(StringComparer.Ordinal);
        foreach (var call in old._calls.Values)
        {
            var mapped = Shapes(shapes, old, call.Selector.Name);
            call.Selector = _model.Selectors[call.Selector.Name];
            call.MrdIndex = _model.MrdIndex(old._model.Mrds[call.MrdIndex].Id);
            foreach (var entry in call.Entries) entry.Target = TargetFor(entry.Target)!;
            for (var i = 0; i < call.Walks.Count; i++) call.Walks[i] = call.Walks[i] with { Queue = _model.PrecisionQueues[call.Walks[i].Queue.Id] };
            if (mapped is var (was, now))
            {
                for (var f = 0; f < call.Frames.Count; f++)
                    call.Frames[f] = new ScriptFrame(was.ListIn(now, call.Frames[f].Nodes)!, call.Frames[f].Index);
                if (call.Waiting is { } waiting) call.Waiting = (WaitNode)was.NodeIn(now, waiting)!;
            }
            else
            {
                // The script changed shape: a task it queued stays in its queues, and its old script ends there.
                call.Frames.Clear();
                call.Waiting = null;
                _ctx.Cancel(ref call.WaitTimer);
            }
            _calls[call.Task] = call;
        }
        foreach (var was in old._targets)
        {
            if (TargetFor(was) is not { } target) continue;
            for (var b = 0; b < 10; b++)
            {
                for (var e = was.Queue.BucketHead(b); e is not null;)
                {
                    var next = e.Next;
                    target.Queue.Restore(e);
                    e = next;
                }
            }
        }

        foreach (var (node, credit) in old._percentCredit)
        {
            foreach (var selector in old._model.Config.ScriptSelectors)
            {
                if (Shapes(shapes, old, selector.Name) is not var (was, now) || was.NodeIn(now, node) is not PercentNode same) continue;
                _percentCredit[same] = (int[])credit.Clone();
                break;
            }
        }
    }

    /// <summary>
    /// Gives the tasks waiting in queues to agents the change made able to take them (a new member
    /// of a skill group, a higher limit), longest available agent first, as an agent becoming
    /// available would.
    /// </summary>
    public void FillAvailableAgents()
    {
        var available = new List<(RouterAgent Agent, int Mrd)>();
        foreach (var agent in _agents)
            for (var m = 0; m < agent.Mrds.Length; m++)
                if (agent.Mrds[m].Available) available.Add((agent, m));
        available.Sort((x, y) => x.Agent.Mrds[x.Mrd].AvailableOrder.CompareTo(y.Agent.Mrds[y.Mrd].AvailableOrder));
        foreach (var (agent, m) in available) FillAgent(agent, m);
    }

    // This router's target for another router's target: the same skill group, or the same precision queue's step.
    private RoutingTarget? TargetFor(RoutingTarget other) =>
        other.PrecisionQueueId != 0
            ? _precisionQueueTargets.TryGetValue(other.PrecisionQueueId, out var steps) && other.Step < steps.Length ? steps[other.Step] : null
            : _skillGroupTargets.GetValueOrDefault(other.SkillGroupId);

    // The old and new shapes of a selector's script when a task can go on in the new one at the same place; null when it cannot.
    private (ScriptShape Old, ScriptShape New)? Shapes(Dictionary<string, (ScriptShape Old, ScriptShape New)?> cache, RouterModule old, string selector)
    {
        if (cache.TryGetValue(selector, out var known)) return known;
        (ScriptShape, ScriptShape)? shapes = null;
        if (old._model.Selectors.TryGetValue(selector, out var was) && _model.Selectors.TryGetValue(selector, out var now))
        {
            var (a, b) = (new ScriptShape(was.Script), new ScriptShape(now.Script));
            if (a.SameShapeAs(b)) shapes = (a, b);
        }
        cache[selector] = shapes;
        return shapes;
    }
}
