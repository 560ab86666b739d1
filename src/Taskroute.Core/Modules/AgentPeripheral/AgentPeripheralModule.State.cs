using Taskroute.Core.Flow;

namespace Taskroute.Core.Modules.AgentPeripheral;

/// <summary>
/// An agent's state per MRD, derived from its settings and tasks, and the messages that report it:
/// AGENT_EVENT to the desktop when what ctisvr prints changes, AGENT_UPDATE to the router when what
/// routing depends on changes or a task slot frees up.
/// </summary>
internal sealed partial class AgentPeripheralModule
{
    internal AgentState ComputeState(PeripheralAgent agent, int m)
    {
        var am = agent.Mrds[m];
        if (!am.LoggedIn) return AgentState.LOGOUT;
        if (am.Tasks.Count == 0) return am.Ready ? AgentState.NOT_ACTIVE : AgentState.NOT_READY;
        if (IsInterrupted(agent, m)) return AgentState.INTERRUPTED;
        bool active = false, work = false, paused = false;
        foreach (var t in am.Tasks)
        {
            active |= t.State == TaskState.Active;
            work |= t.State == TaskState.WrapUp;
            paused |= t.State == TaskState.Paused;
        }
        return active ? AgentState.ACTIVE : work ? AgentState.WORK : paused ? AgentState.PAUSED : AgentState.RESERVED;
    }

    /// <summary>CCE's rule: a task of a non-interruptible MRD keeps the agent from being available in the others.</summary>
    private bool IsHeldElsewhere(PeripheralAgent agent, int m)
    {
        for (var other = 0; other < agent.Mrds.Length; other++)
            if (other != m && agent.Mrds[other].Tasks.Count > 0 && !_ctx.Model.Mrds[other].Interruptible) return true;
        return false;
    }

    private bool IsInterrupted(PeripheralAgent agent, int m)
    {
        var am = agent.Mrds[m];
        if (!_ctx.Model.Mrds[m].Interruptible || am.InterruptAction != InterruptAction.Accept) return false;
        for (var other = 0; other < agent.Mrds.Length; other++)
        {
            if (other == m || _ctx.Model.Mrds[other].Interruptible) continue;
            foreach (var t in agent.Mrds[other].Tasks)
                if (t.Started) return true;
        }
        return false;
    }

    /// <summary>
    /// CCE's availability: not not-ready, not held by a non-interruptible task elsewhere, below the
    /// task limit; routable decides ICM-available versus application-available.
    /// </summary>
    internal AgentAvailability ComputeAvailability(PeripheralAgent agent, int m)
    {
        var am = agent.Mrds[m];
        if (!am.LoggedIn || !am.Ready || IsHeldElsewhere(agent, m) || am.Tasks.Count >= am.MaxTaskLimit) return AgentAvailability.NotAvailable;
        return am.Routable ? AgentAvailability.IcmAvailable : AgentAvailability.ApplicationAvailable;
    }

    /// <summary>Whether the router may route to the agent here, the task count aside (the router counts its own reservations).</summary>
    private AgentAvailability Eligibility(PeripheralAgent agent, int m)
    {
        var am = agent.Mrds[m];
        return am.LoggedIn && am.Ready && am.Routable && !IsHeldElsewhere(agent, m)
            ? AgentAvailability.IcmAvailable
            : AgentAvailability.NotAvailable;
    }

    private void PublishAll(PeripheralAgent agent, int m)
    {
        PublishAgentEvent(agent, m);
        PublishRouterUpdate(agent, m, 0);
        PublishOthers(agent, m);
    }

    /// <summary>A change in one MRD can change availability in the others (non-interruptible tasks).</summary>
    private void PublishOthers(PeripheralAgent agent, int m)
    {
        for (var other = 0; other < agent.Mrds.Length; other++)
        {
            if (other == m || !agent.Mrds[other].LoggedIn && !agent.Mrds[other].RouterLoggedIn) continue;
            PublishAgentEvent(agent, other);
            PublishRouterUpdate(agent, other, 0);
        }
    }

    private void PublishAgentEvent(PeripheralAgent agent, int m)
    {
        var am = agent.Mrds[m];
        var state = ComputeState(agent, m);
        var reason = state == AgentState.NOT_READY || state == AgentState.LOGOUT ? am.ReasonCode : 0;
        var availability = ComputeAvailability(agent, m);
        if (am.Published && state == am.PublishedState && reason == am.PublishedReason && am.Tasks.Count == am.PublishedNumTasks &&
            am.MaxTaskLimit == am.PublishedMax && am.Routable == am.PublishedRoutable && availability == am.PublishedAvailability)
            return;
        if (!am.Published || state != am.PublishedState) am.StateChangedAt = _ctx.Now;
        var wasInterrupted = am.Published && am.PublishedState == AgentState.INTERRUPTED;
        am.Published = true;
        am.PublishedState = state;
        am.PublishedReason = reason;
        am.PublishedNumTasks = am.Tasks.Count;
        am.PublishedMax = am.MaxTaskLimit;
        am.PublishedRoutable = am.Routable;
        am.PublishedAvailability = availability;
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.AGENT_EVENT, From = Module.AgentPeripheral, To = Module.Desktop,
            AgentId = agent.Config.Id, LoginId = agent.Config.LoginId, MrdId = _ctx.Model.Mrds[m].Id,
            AgentState = state, ReasonCode = reason, NumTasks = am.Tasks.Count, MaxTaskLimit = am.MaxTaskLimit,
            Routable = am.Routable, Availability = availability,
        });
        if (wasInterrupted != (state == AgentState.INTERRUPTED)) AdviseInterruption(agent, m, state);
    }

    /// <summary>
    /// Tells each started task of the MRD that it was interrupted, or resumes, right after the MRD's
    /// own state change, naming what interrupted it: an engineer reading one task's trace sees why its
    /// handling stood still.
    /// </summary>
    private void AdviseInterruption(PeripheralAgent agent, int m, AgentState state)
    {
        var am = agent.Mrds[m];
        var interrupted = state == AgentState.INTERRUPTED;
        string? by = null;
        if (interrupted)
        {
            for (var other = 0; other < agent.Mrds.Length && by is null; other++)
            {
                if (other == m || _ctx.Model.Mrds[other].Interruptible) continue;
                foreach (var t in agent.Mrds[other].Tasks)
                {
                    if (!t.Started) continue;
                    by = $"task {t.TaskId} of non-interruptible MRD {_ctx.Model.Mrds[other].Id} started";
                    break;
                }
            }
        }
        foreach (var t in am.Tasks)
        {
            if (!t.Started) continue;
            _ctx.Send(new FlowEvent
            {
                Time = _ctx.Now, Message = interrupted ? MessageType.AGENT_INTERRUPT_ADVISORY_EVENT : MessageType.AGENT_INTERRUPT_DONE_ADVISORY_EVENT,
                From = Module.AgentPeripheral, To = Module.Desktop, Task = t.Task, ContactId = t.Contact, TaskId = t.TaskId,
                AgentId = agent.Config.Id, LoginId = agent.Config.LoginId, MrdId = _ctx.Model.Mrds[m].Id,
                AgentState = state, NumTasks = am.Tasks.Count, MaxTaskLimit = am.MaxTaskLimit, Routable = am.Routable, Text = by,
            });
        }
    }

    private void PublishRouterUpdate(PeripheralAgent agent, int m, int releasedTask)
    {
        var am = agent.Mrds[m];
        var eligibility = Eligibility(agent, m);
        if (releasedTask == 0 && am.RouterLoggedIn == am.LoggedIn && am.RouterEligibility == eligibility && am.RouterMax == am.MaxTaskLimit)
            return;
        am.RouterLoggedIn = am.LoggedIn;
        am.RouterEligibility = eligibility;
        am.RouterMax = am.MaxTaskLimit;
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.AGENT_UPDATE, From = Module.AgentPeripheral, To = Module.Router,
            Task = releasedTask, AgentId = agent.Config.Id, LoginId = agent.Config.LoginId, MrdId = _ctx.Model.Mrds[m].Id,
            AgentState = ComputeState(agent, m), ReasonCode = am.ReasonCode, NumTasks = am.Tasks.Count, MaxTaskLimit = am.MaxTaskLimit,
            Routable = am.Routable, Availability = eligibility,
        });
    }
}
