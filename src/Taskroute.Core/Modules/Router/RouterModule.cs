using System.Runtime.InteropServices;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Modules.Router;

/// <summary>
/// The Router: numbers each task with a RouterCallKey, runs the script its selector names, keeps
/// the queues, and picks agents. It learns agents' states from the peripheral (AGENT_UPDATE) and
/// counts its own reservations, so it never reserves more tasks on an agent than the agent's limit.
/// </summary>
internal sealed partial class RouterModule
{
    private readonly EngineContext _ctx;
    private readonly RoutingModel _model;
    private readonly RouterAgent[] _agents;
    private readonly RoutingTarget[] _targets;
    private readonly Dictionary<int, RoutingTarget> _skillGroupTargets = [];
    private readonly Dictionary<int, RoutingTarget[]> _precisionQueueTargets = [];
    private readonly SequenceMap<RouterCall> _calls = new();
    private readonly int[] _queuedPerMrd;
    private readonly Stack<RouterCall> _callPool = new();
    private readonly Stack<QueueEntry> _entryPool = new();

    private int _day = -1;
    private int _nextKey;
    private long _orderSequence;
    // No longer moved (a requeued task keeps its first place in line); still in the snapshot format.
    private long _headSequence;
    private long _availableSequence;

    public RouterModule(EngineContext ctx)
    {
        _ctx = ctx;
        _model = ctx.Model;
        _queuedPerMrd = new int[_model.Mrds.Length];

        var targets = new List<RoutingTarget>();
        foreach (var g in _model.Config.SkillGroups)
        {
            var t = new RoutingTarget { Index = targets.Count, MrdIndex = _model.MrdIndex(g.MrdId), SkillGroupId = g.Id };
            targets.Add(t);
            _skillGroupTargets[g.Id] = t;
        }
        foreach (var q in _model.Config.PrecisionQueues)
        {
            var steps = new RoutingTarget[q.Steps.Count];
            for (var s = 0; s < steps.Length; s++)
            {
                steps[s] = new RoutingTarget { Index = targets.Count, MrdIndex = _model.MrdIndex(q.MrdId), PrecisionQueueId = q.Id, Step = s };
                targets.Add(steps[s]);
            }
            _precisionQueueTargets[q.Id] = steps;
        }
        _targets = [.. targets];

        _agents = new RouterAgent[_model.Agents.Length];
        var members = _targets.Select(_ => new List<AgentLink>()).ToArray();
        for (var a = 0; a < _agents.Length; a++)
        {
            var config = _model.Agents[a];
            var agent = new RouterAgent { Index = a, AgentId = config.Id, LoginId = config.LoginId, Mrds = new RouterAgentMrd[_model.Mrds.Length] };
            var links = _model.Mrds.Select(_ => new List<AgentLink>()).ToArray();
            foreach (var g in config.SkillGroups)
            {
                var target = _skillGroupTargets[g];
                var link = new AgentLink(agent, target, config.SkillLevel(g));
                links[target.MrdIndex].Add(link);
                members[target.Index].Add(link);
            }
            foreach (var q in _model.Config.PrecisionQueues)
            {
                for (var s = 0; s < q.Steps.Count; s++)
                {
                    if (!PrecisionQueueMembership.Matches(q.Steps[s], _model, a, out var skill)) continue;
                    var target = _precisionQueueTargets[q.Id][s];
                    var link = new AgentLink(agent, target, skill);
                    links[target.MrdIndex].Add(link);
                    members[target.Index].Add(link);
                }
            }
            for (var m = 0; m < agent.Mrds.Length; m++)
                agent.Mrds[m] = new RouterAgentMrd { Links = [.. links[m]], MaxTaskLimit = _model.Mrds[m].MaxTasksPerAgent };
            _agents[a] = agent;
        }
        for (var t = 0; t < _targets.Length; t++) _targets[t].Members = [.. members[t]];
    }

    public int CallCount => _calls.Count;

    public int QueuedCount(int mrdIndex) => _queuedPerMrd[mrdIndex];

    /// <summary>
    /// Whether the MRD's tasks waiting, with those still in their script on the way to a queue (a
    /// wait node first, for one), reach <paramref name="max"/>. The calls are walked only when the
    /// ones not queued anywhere could make the difference.
    /// </summary>
    public bool QueueReaches(int mrdIndex, int max)
    {
        var queued = _queuedPerMrd[mrdIndex];
        if (queued >= max) return true;
        var queuedAnywhere = 0;
        foreach (var q in _queuedPerMrd) queuedAnywhere += q;
        if (queued + _calls.Count - queuedAnywhere < max) return false;
        foreach (var call in _calls.Values)
            if (!call.Queued && !call.Delivered && call.MrdIndex == mrdIndex && ++queued >= max) return true;
        return false;
    }

    public int RouterNumTasks(int agentIndex, int mrdIndex) => _agents[agentIndex].Mrds[mrdIndex].NumTasks;

    public bool IsQueued(int task) => _calls.TryGetValue(task, out var c) && c.Queued;

    /// <summary>
    /// When the longest-waiting task of the MRD took its place in line (a ring-out keeps it, as the
    /// queue order does, and as a task's queue time in its trace and detail record counts from it);
    /// null when none waits. Walks the calls: for views, not for routing.
    /// </summary>
    public long? OldestQueuedSince(int mrdIndex)
    {
        long? oldest = null;
        foreach (var call in _calls.Values)
            if (call.Queued && call.MrdIndex == mrdIndex && (oldest is null || call.InLineSince < oldest)) oldest = call.InLineSince;
        return oldest;
    }

    /// <summary>
    /// The queues a waiting task is in, each once, with the tasks ahead of it there. A walk adds a
    /// precision queue's steps and keeps those before: the task's place at the first step it entered
    /// (its first entry for that queue) counts for the queue.
    /// </summary>
    public void WaitingQueues(int task, List<Waiting.WaitingQueue> into)
    {
        if (!_calls.TryGetValue(task, out var call) || !call.Queued) return;
        foreach (var entry in call.Entries)
        {
            var target = entry.Target;
            if (target.PrecisionQueueId != 0)
            {
                var listed = false;
                foreach (var queue in into) listed |= queue.PrecisionQueueId == target.PrecisionQueueId;
                if (listed) continue;
            }
            into.Add(new Waiting.WaitingQueue(target.SkillGroupId, target.PrecisionQueueId, target.Queue.Ahead(entry)));
        }
    }

    public IEnumerable<(int Task, int Priority, long QueuedSince, int Step)> QueuedTasks(int skillGroupId, int precisionQueueId)
    {
        foreach (var call in _calls.Values)
        {
            if (!call.Queued) continue;
            foreach (var entry in call.Entries)
            {
                if ((skillGroupId != 0 && entry.Target.SkillGroupId == skillGroupId) ||
                    (precisionQueueId != 0 && entry.Target.PrecisionQueueId == precisionQueueId))
                {
                    yield return (call.Task, entry.Bucket + 1, call.QueuedSince, entry.Target.Step);
                    break;
                }
            }
        }
    }

    public void Handle(in FlowEvent e)
    {
        switch (e.Message)
        {
            case MessageType.NEW_CALL:
                OnNewCall(in e);
                break;
            case MessageType.RELEASE_CALL:
                if (_calls.TryGetValue(e.Task, out var released) && !released.Delivered)
                    EndInRouter(released, Disposition.AbandonedInRouter, e.Text ?? "released", ContactStatus.Cancelled);
                break;
            case MessageType.AGENT_UPDATE:
                OnAgentUpdate(in e);
                break;
            case MessageType.REQUEUE_TASK:
                OnRequeue(in e);
                break;
        }
    }

    private void OnNewCall(in FlowEvent e)
    {
        var day = RouterCallKeyDay.FromUnixMilliseconds(_ctx.Now);
        if (day != _day)
        {
            _day = day;
            _nextKey = _model.Config.RouterCallKeyStart;
        }
        var taskId = new IcmTaskId(day, _nextKey++, 1);

        var call = _callPool.Count > 0 ? _callPool.Pop() : new RouterCall();
        call.Task = e.Task;
        call.Contact = e.ContactId;
        call.DialogueId = e.DialogueId;
        call.Data = e.Data!;
        call.TaskId = taskId;
        call.ArrivedAt = _ctx.Now;
        _calls[e.Task] = call;

        if (e.ScriptSelector is null || !_model.Selectors.TryGetValue(e.ScriptSelector, out var selector))
        {
            EndInRouter(call, Disposition.InvalidScriptSelector, $"no script selector '{e.ScriptSelector}'", ContactStatus.Discarded);
            return;
        }
        call.Selector = selector;
        call.MrdIndex = _model.MrdIndex(selector.MrdId);
        call.LifeDeadline = _ctx.Now + _model.Mrds[call.MrdIndex].TaskLifeSeconds * 1000L;
        call.LifeTimer = _ctx.Schedule(call.LifeDeadline, Module.Router, TimerKind.TaskLife, call.Task, call.MrdIndex);
        call.Frames.Add(new ScriptFrame(selector.Script, 0));
        RunScript(call);
    }

    private void OnAgentUpdate(in FlowEvent e)
    {
        if (!ApplyAgentState(in e, released: e.Task != 0, out var agent, out var m)) return;
        if (e.Task != 0 && _calls.Remove(e.Task, out var done)) Recycle(done);
        FillAgent(agent, m);
    }

    private void OnRequeue(in FlowEvent e)
    {
        if (!ApplyAgentState(in e, released: true, out var agent, out var m)) return;

        if (_calls.TryGetValue(e.Task, out var call) && call.Delivered)
        {
            call.Delivered = false;
            call.RequeueCount++;
            call.TaskId = call.TaskId with { Sequence = call.TaskId.Sequence + 1 };
            // Back in the queue by when it first arrived: ahead of every task of its priority that
            // came after it, as CCE serves the longest waiting first. (It used to go to the very
            // head, so of two tasks that rang out the newer was always offered first and the older
            // could wait behind it for as long as agents kept letting tasks ring.) Under rules before
            // PlaceInLineFromFirstQueueNode a task routed at once had no place (key 0) and came back
            // ahead of all, in the order of the ring-outs.
            call.EverQueued = true;
            EnterQueues(call, e.Disposition == Disposition.RingNoAnswer ? "RONA" : e.Text);
            if (!call.Delivered && call.Waiting is { } wait)
                call.WaitTimer = _ctx.Schedule(_ctx.Now + wait.Seconds * 1000L, Module.Router, TimerKind.ScriptWait, call.Task, wait.Seconds);
        }
        FillAgent(agent, m);
    }

    /// <summary>Takes in what the peripheral says of an agent in an MRD, and the slot it freed, if any.</summary>
    private bool ApplyAgentState(in FlowEvent e, bool released, out RouterAgent agent, out int m)
    {
        var agentIndex = _model.FindAgent(e.AgentId);
        m = _model.MrdIndex(e.MrdId);
        agent = agentIndex >= 0 ? _agents[agentIndex] : null!;
        if (agentIndex < 0 || m < 0) return false;
        var am = agent.Mrds[m];
        var loggedIn = e.AgentState != AgentState.LOGOUT;
        if (loggedIn != am.LoggedIn)
            foreach (var link in am.Links) link.Target.LoggedOn += loggedIn ? 1 : -1;
        am.LoggedIn = loggedIn;
        am.Eligible = e.Availability == AgentAvailability.IcmAvailable;
        am.MaxTaskLimit = e.MaxTaskLimit;
        if (released) am.NumTasks--;
        RefreshAvailability(agent, m);
        return true;
    }

    public void OnTimer(in TimerQueue.Due due)
    {
        if (!_calls.TryGetValue(due.Task, out var call)) return;
        switch (due.Kind)
        {
            case TimerKind.ScriptWait when call.WaitTimer == due.Handle:
                call.WaitTimer = 0;
                call.Waiting = null;
                SendTimer(call, due);
                RunScript(call);
                break;
            case TimerKind.PrecisionQueueStep when WalkTimed(call, due.Handle) is var w and >= 0:
                call.Walks[w] = call.Walks[w] with { StepTimer = 0 };
                // Which of its precision queues moved on (the first rules' messages said none).
                SendTimer(call, due, Rules >= RoutingRules.ParallelPrecisionQueues ? call.Walks[w].Queue.Id : 0);
                AdvancePrecisionQueue(call, w);
                break;
            case TimerKind.PriorityRaise when call.PriorityTimer == due.Handle:
                call.PriorityTimer = 0;
                SendTimer(call, due);
                RaisePriority(call);
                break;
            case TimerKind.MaxTimeInQueue when call.MaxQueueTimer == due.Handle:
                call.MaxQueueTimer = 0;
                SendTimer(call, due);
                EndInRouter(call, Disposition.AbandonedInRouter, "max time in queue", ContactStatus.Discarded);
                break;
            case TimerKind.TaskLife when call.LifeTimer == due.Handle:
                call.LifeTimer = 0;
                SendTimer(call, due);
                EndInRouter(call, Disposition.MaxTaskLifetimeExceeded, "task life", ContactStatus.Discarded);
                break;
        }
    }

    // The walk whose step timer this is; -1 when none (cancelled since).
    private static int WalkTimed(RouterCall call, long handle)
    {
        for (var i = 0; i < call.Walks.Count; i++)
            if (call.Walks[i].StepTimer == handle) return i;
        return -1;
    }

    private void SendTimer(RouterCall call, in TimerQueue.Due due, int precisionQueueId = 0) => _ctx.Send(new FlowEvent
    {
        Time = _ctx.Now, Message = MessageType.TIMER_EXPIRED, From = Module.Clock, To = Module.Router,
        Task = call.Task, ContactId = call.Contact, TaskId = call.TaskId, Deadline = due.Deadline, Text = due.Kind.ToString(),
        PrecisionQueueId = precisionQueueId,
    });

    /// <summary>Puts the call in all its targets' queues and tells the MR PG it is queued; tries to route it at once.</summary>
    private void EnterQueues(RouterCall call, string? reason)
    {
        var first = !call.EverQueued;
        if (!call.EverQueued)
        {
            call.EverQueued = true;
            call.OrderKey = ++_orderSequence;
        }
        call.Queued = true;
        call.QueuedSince = _ctx.Now;
        if (call.InLineSince == 0) call.InLineSince = _ctx.Now;
        _queuedPerMrd[call.MrdIndex]++;
        foreach (var entry in call.Entries) entry.Target.Queue.Insert(entry, entry.Bucket + 1);

        var mrd = _model.Mrds[call.MrdIndex];
        if (mrd.MaxTimeInQueueSeconds > 0)
        {
            var deadline = call.QueuedSince + Math.Max(0, mrd.MaxTimeInQueueSeconds * 1000L - call.QueuedMillis);
            call.MaxQueueTimer = _ctx.Schedule(deadline, Module.Router, TimerKind.MaxTimeInQueue, call.Task, call.MrdIndex);
        }
        if (call.LifeTimer == 0) call.LifeTimer = _ctx.Schedule(call.LifeDeadline, Module.Router, TimerKind.TaskLife, call.Task, call.MrdIndex);
        if (call.RaisePriorityEverySeconds > 0 && call.Priority > 1)
            call.PriorityTimer = _ctx.Schedule(_ctx.Now + call.RaisePriorityEverySeconds * 1000L, Module.Router, TimerKind.PriorityRaise, call.Task, call.RaisePriorityEverySeconds);
        var walks = CollectionsMarshal.AsSpan(call.Walks);
        for (var i = 0; i < walks.Length; i++)
        {
            ref var walk = ref walks[i];
            if (!walk.HasNextStep || walk.StepTimer != 0) continue;
            var wait = walk.Queue.Steps[walk.Step].WaitSeconds;
            // Back from an agent: the step's wait goes on from where it was, or ends now if it ran
            // out meanwhile (a timer due now fires before any later deadline).
            walk.StepDeadline = Rules >= RoutingRules.StepsKeepTheirDeadlines && walk.StepDeadline > 0
                ? Math.Max(walk.StepDeadline, _ctx.Now)
                : _ctx.Now + wait * 1000L;
            walk.StepTimer = _ctx.Schedule(walk.StepDeadline, Module.Router, TimerKind.PrecisionQueueStep, call.Task, wait);
        }

        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.QUEUED_TASK_EVENT, From = Module.Router, To = Module.MediaRouting,
            Task = call.Task, ContactId = call.Contact, DialogueId = call.DialogueId, TaskId = call.TaskId,
            ScriptSelector = call.Selector.Name, MrdId = _model.Mrds[call.MrdIndex].Id, Priority = call.Priority,
            SkillGroupId = call.Entries.Count > 0 ? call.Entries[0].Target.SkillGroupId : 0,
            PrecisionQueueId = call.PrecisionQueue?.Id ?? 0, Text = reason,
        });
        // QUEUED_TASK_EVENT names the first skill group; a queue node naming several says the others.
        if (first)
            for (var i = 1; i < call.Entries.Count; i++) SendTargetAdded(call, call.Entries[i].Target);

        if (TrySelectAgent(call, out var link, out var rule, out var candidates)) Assign(call, link, rule, candidates);
    }

    /// <summary>Says that a queued task waits in one more skill group too; a precision queue's steps are one queue, said once by QUEUED_TASK_EVENT.</summary>
    private void SendTargetAdded(RouterCall call, RoutingTarget target)
    {
        if (target.Step >= 0 || target.SkillGroupId == 0) return;
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.QUEUE_TARGET_ADDED, From = Module.Router, To = Module.Router,
            Task = call.Task, ContactId = call.Contact, DialogueId = call.DialogueId, TaskId = call.TaskId,
            ScriptSelector = call.Selector.Name, MrdId = _model.Mrds[call.MrdIndex].Id, Priority = call.Priority,
            SkillGroupId = target.SkillGroupId,
        });
    }

    private void SendPrecisionQueueAdded(RouterCall call, Configuration.PrecisionQueue pq) => _ctx.Send(new FlowEvent
    {
        Time = _ctx.Now, Message = MessageType.QUEUE_TARGET_ADDED, From = Module.Router, To = Module.Router,
        Task = call.Task, ContactId = call.Contact, DialogueId = call.DialogueId, TaskId = call.TaskId,
        ScriptSelector = call.Selector.Name, MrdId = _model.Mrds[call.MrdIndex].Id, Priority = call.Priority,
        PrecisionQueueId = pq.Id,
    });

    private void LeaveQueues(RouterCall call)
    {
        if (!call.Queued) return;
        foreach (var entry in call.Entries) entry.Target.Queue.Remove(entry);
        call.Queued = false;
        call.QueuedMillis += _ctx.Now - call.QueuedSince;
        _queuedPerMrd[call.MrdIndex]--;
    }

    private void CancelTimers(RouterCall call)
    {
        _ctx.Cancel(ref call.WaitTimer);
        var walks = CollectionsMarshal.AsSpan(call.Walks);
        for (var i = 0; i < walks.Length; i++) _ctx.Cancel(ref walks[i].StepTimer);
        _ctx.Cancel(ref call.PriorityTimer);
        _ctx.Cancel(ref call.MaxQueueTimer);
        _ctx.Cancel(ref call.LifeTimer);
    }

    /// <summary>Reserves the agent for the call: DEVICE_TARGET_PRE_CALL_IND to the peripheral, CONNECT to the MR PG.</summary>
    private void Assign(RouterCall call, AgentLink link, RoutingRule rule, int candidates)
    {
        LeaveQueues(call);
        CancelTimers(call);
        call.Delivered = true;
        // A view's figure, not a routing decision: kept under every rules version.
        if (call.InLineSince == 0) call.InLineSince = _ctx.Now;
        // Routed the moment its script queued it: it arrived in line now all the same, so a ring-out
        // puts it back behind the tasks already waiting and ahead of those that come later.
        if (call.OrderKey == 0 && Rules >= RoutingRules.PlaceInLineFromFirstQueueNode) call.OrderKey = ++_orderSequence;

        var agent = link.Agent;
        var m = call.MrdIndex;
        agent.Mrds[m].NumTasks++;
        RefreshAvailability(agent, m);

        var mrdId = _model.Mrds[m].Id;
        var target = link.Target;
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.DEVICE_TARGET_PRE_CALL_IND, From = Module.Router, To = Module.AgentPeripheral,
            Task = call.Task, ContactId = call.Contact, DialogueId = call.DialogueId, TaskId = call.TaskId,
            ScriptSelector = call.Selector.Name, SkillGroupId = target.SkillGroupId, PrecisionQueueId = target.PrecisionQueueId,
            AgentId = agent.AgentId, LoginId = agent.LoginId, MrdId = mrdId, Priority = call.Priority,
            Rule = rule, Candidates = candidates, Deadline = call.LifeDeadline, Data = call.Data,
        });
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.CONNECT, From = Module.Router, To = Module.MediaRouting,
            Task = call.Task, ContactId = call.Contact, DialogueId = call.DialogueId, TaskId = call.TaskId,
            ScriptSelector = call.Selector.Name, SkillGroupId = target.SkillGroupId, PrecisionQueueId = target.PrecisionQueueId,
            AgentId = agent.AgentId, MrdId = mrdId,
        });
    }

    /// <summary>Ends a task the router still holds, without an agent.</summary>
    private void EndInRouter(RouterCall call, Disposition disposition, string reason, ContactStatus status)
    {
        LeaveQueues(call);
        CancelTimers(call);
        _calls.Remove(call.Task);
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.ROUTE_END, From = Module.Router, To = Module.MediaRouting,
            Task = call.Task, ContactId = call.Contact, DialogueId = call.DialogueId, TaskId = call.TaskId,
            ScriptSelector = call.Selector?.Name, Disposition = disposition, ContactStatus = status, Text = reason,
        });
        Recycle(call);
    }

    private void Recycle(RouterCall call)
    {
        foreach (var entry in call.Entries)
        {
            entry.Call = null!;
            entry.Target = null!;
            _entryPool.Push(entry);
        }
        call.Reset();
        _callPool.Push(call);
    }

    private void RefreshAvailability(RouterAgent agent, int m)
    {
        var am = agent.Mrds[m];
        if (am.Available)
        {
            // Joining, or taking a task and staying available, puts the agent last in line.
            am.AvailableOrder = ++_availableSequence;
            foreach (var link in am.Links) link.Target.Available.Append(link);
        }
        else
        {
            foreach (var link in am.Links) link.Target.Available.Remove(link);
        }
    }

    /// <summary>An agent with room takes the best waiting task of all its queues, until it is full or they are empty.</summary>
    private void FillAgent(RouterAgent agent, int m)
    {
        var am = agent.Mrds[m];
        while (am.Available)
        {
            QueueEntry? best = null;
            AgentLink? bestLink = null;
            var candidates = 0;
            foreach (var link in am.Links)
            {
                if (link.Target.Queue.Head is not { } head) continue;
                candidates++;
                if (best is null || head.Bucket < best.Bucket || (head.Bucket == best.Bucket && head.Call.OrderKey < best.Call.OrderKey))
                {
                    best = head;
                    bestLink = link;
                }
            }
            if (best is null) return;
            Assign(best.Call, bestLink!, RoutingRule.HighestPriorityLongestWaiting, candidates);
        }
    }

    private void RaisePriority(RouterCall call)
    {
        if (!call.Queued) return;
        foreach (var entry in call.Entries)
        {
            if (entry.Bucket == 0) continue;
            entry.Target.Queue.Remove(entry);
            entry.Target.Queue.Insert(entry, entry.Bucket);
        }
        if (call.Priority > 1)
            call.PriorityTimer = _ctx.Schedule(_ctx.Now + call.RaisePriorityEverySeconds * 1000L, Module.Router, TimerKind.PriorityRaise, call.Task, call.RaisePriorityEverySeconds);
    }

    private QueueEntry NewEntry(RouterCall call, RoutingTarget target, int priority)
    {
        var entry = _entryPool.Count > 0 ? _entryPool.Pop() : new QueueEntry();
        entry.Call = call;
        entry.Target = target;
        entry.Bucket = Math.Clamp(priority, 1, 10) - 1;
        return entry;
    }

    /// <summary>Checks the router's books against themselves; returns the first inconsistency, or null.</summary>
    public string? CheckConsistency()
    {
        foreach (var agent in _agents)
        {
            for (var m = 0; m < agent.Mrds.Length; m++)
            {
                var am = agent.Mrds[m];
                if (am.NumTasks < 0) return $"router: agent {agent.AgentId} has {am.NumTasks} tasks in MRD {_model.Mrds[m].Id}";
                foreach (var link in am.Links)
                    if (link.Listed != am.Available) return $"router: agent {agent.AgentId} listed={link.Listed} but available={am.Available}";
            }
        }
        var queued = new int[_queuedPerMrd.Length];
        foreach (var call in _calls.Values) if (call.Queued) queued[call.MrdIndex]++;
        for (var m = 0; m < queued.Length; m++)
            if (queued[m] != _queuedPerMrd[m]) return $"router: {_queuedPerMrd[m]} queued counted in MRD {_model.Mrds[m].Id}, {queued[m]} found";
        foreach (var target in _targets)
            if (target.Queue.CheckCounts() is { } wrong) return $"router: target {target.SkillGroupId}/{target.PrecisionQueueId}/{target.Step}: {wrong}";
        return null;
    }
}
