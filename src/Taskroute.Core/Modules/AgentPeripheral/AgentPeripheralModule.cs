using Taskroute.Core.Engine;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Modules.AgentPeripheral;

/// <summary>
/// The Agent PG with its CTI server: keeps each agent's state per MRD and the tasks it holds,
/// answers the desktop's indications with ctisvr's events, runs the task timers (ring no answer,
/// task life, max task duration), and tells the router when an agent can take work or frees a slot.
/// </summary>
internal sealed partial class AgentPeripheralModule
{
    private readonly EngineContext _ctx;
    private readonly PeripheralAgent[] _agents;
    private readonly SequenceMap<AgentTask> _tasks = new();
    private readonly Stack<AgentTask> _pool = new();

    public AgentPeripheralModule(EngineContext ctx)
    {
        _ctx = ctx;
        var model = ctx.Model;
        _agents = new PeripheralAgent[model.Agents.Length];
        for (var a = 0; a < _agents.Length; a++)
        {
            var agent = new PeripheralAgent { Index = a, Config = model.Agents[a], Mrds = new PeripheralAgentMrd[model.Mrds.Length] };
            for (var m = 0; m < agent.Mrds.Length; m++)
                agent.Mrds[m] = new PeripheralAgentMrd { MaxTaskLimit = model.Mrds[m].MaxTasksPerAgent, RouterMax = model.Mrds[m].MaxTasksPerAgent };
            _agents[a] = agent;
        }
    }

    public int TaskCount => _tasks.Count;

    internal PeripheralAgentMrd AgentMrd(int agentIndex, int mrdIndex) => _agents[agentIndex].Mrds[mrdIndex];

    internal AgentTask? FindTask(int task) => _tasks.Get(task);

    /// <summary>
    /// When the task held but not started leaves the agent unless started: it rings out, or ends first
    /// when its task life runs out (only the nearer of the two is set). 0 once started, or when not held.
    /// </summary>
    internal long StartBy(int task)
    {
        if (_tasks.Get(task) is not { Started: false } held) return 0;
        var start = _ctx.Timers.DeadlineOf(held.StartTimer);
        var life = _ctx.Timers.DeadlineOf(held.LifeTimer);
        return start == 0 ? life : life == 0 ? start : Math.Min(start, life);
    }

    /// <summary>What the agent signed in to the MRD with (Finesse's interruptAction and dialogLogoutAction); null while signed out.</summary>
    internal (InterruptAction Interrupt, DialogLogoutAction Logout)? SignInSettings(int agentIndex, int m) =>
        _agents[agentIndex].Mrds[m] is { LoggedIn: true } am ? (am.InterruptAction, am.DialogLogoutAction) : null;

    internal IEnumerable<AgentTask> Tasks => _tasks.Values;

    public void Handle(in FlowEvent e)
    {
        var agentIndex = _ctx.Model.FindAgent(e.AgentId);
        var m = _ctx.Model.MrdIndex(e.MrdId);
        if (agentIndex < 0 || m < 0)
        {
            Refuse(in e, agentIndex < 0 ? ArmStatus.AgentNotFound : ArmStatus.MrdNotFound, "unknown agent or MRD");
            return;
        }
        var agent = _agents[agentIndex];
        var am = agent.Mrds[m];
        switch (e.Message)
        {
            case MessageType.DEVICE_TARGET_PRE_CALL_IND:
                OnPreCall(agent, m, in e);
                break;
            case MessageType.MEDIA_LOGIN_REQ:
                if (am.LoggedIn)
                {
                    ResetSignInSettings(agent, m, in e);
                    break;
                }
                am.LoggedIn = true;
                am.Ready = false;
                am.ReasonCode = 0;
                am.Routable = true;
                am.MaxTaskLimit = e.MaxTaskLimit > 0 ? e.MaxTaskLimit : _ctx.Model.Mrds[m].MaxTasksPerAgent;
                am.InterruptAction = e.InterruptAction;
                am.DialogLogoutAction = e.DialogLogoutAction;
                PublishAll(agent, m);
                break;
            case MessageType.MEDIA_LOGOUT_IND:
                if (!am.LoggedIn) { Refuse(in e, ArmStatus.AgentNotLoggedIn, "agent is not signed in to the MRD"); break; }
                Logout(agent, m, e.ReasonCode);
                break;
            case MessageType.MAKE_AGENT_READY_IND:
                if (!am.LoggedIn) { Refuse(in e, ArmStatus.AgentNotLoggedIn, "agent is not signed in to the MRD"); break; }
                am.Ready = true;
                am.ReasonCode = 0;
                // Finesse makes an agent routable whenever it goes ready, unless the request says not.
                am.Routable = e.Routable;
                PublishAll(agent, m);
                break;
            case MessageType.MAKE_AGENT_NOT_READY_REQ:
                if (!am.LoggedIn) { Refuse(in e, ArmStatus.AgentNotLoggedIn, "agent is not signed in to the MRD"); break; }
                am.Ready = false;
                am.ReasonCode = e.ReasonCode;
                PublishAll(agent, m);
                break;
            case MessageType.MAKE_AGENT_ROUTABLE_IND:
            case MessageType.MAKE_AGENT_NOT_ROUTABLE_REQ:
                if (!am.LoggedIn) { Refuse(in e, ArmStatus.AgentNotLoggedIn, "agent is not signed in to the MRD"); break; }
                am.Routable = e.Message == MessageType.MAKE_AGENT_ROUTABLE_IND;
                PublishAll(agent, m);
                break;
            case MessageType.CHANGE_MAX_TASK_LIMIT_REQ:
                if (!am.LoggedIn) { Refuse(in e, ArmStatus.AgentNotLoggedIn, "agent is not signed in to the MRD"); break; }
                am.MaxTaskLimit = e.MaxTaskLimit;
                PublishAll(agent, m);
                break;
            case MessageType.OFFER_TASK_IND:
            case MessageType.START_TASK_IND:
            case MessageType.PAUSE_TASK_IND:
            case MessageType.RESUME_TASK_IND:
            case MessageType.WRAPUP_TASK_IND:
            case MessageType.END_TASK_IND:
                OnTaskIndication(agent, m, in e);
                break;
        }
    }

    // A sign-in while signed in is refused, as CTI refuses it, after taking its limit and actions:
    // Finesse documents this as how a desktop restores them after a failure. State and tasks stay.
    private void ResetSignInSettings(PeripheralAgent agent, int m, in FlowEvent e)
    {
        var am = agent.Mrds[m];
        var limit = e.MaxTaskLimit > 0 ? e.MaxTaskLimit : _ctx.Model.Mrds[m].MaxTasksPerAgent;
        if (limit < am.Tasks.Count)
        {
            Refuse(in e, ArmStatus.InvalidArgument, $"the agent holds {am.Tasks.Count} tasks, more than a limit of {limit}");
            return;
        }
        am.MaxTaskLimit = limit;
        am.InterruptAction = e.InterruptAction;
        am.DialogLogoutAction = e.DialogLogoutAction;
        PublishAll(agent, m);
        // No FAILURE_RESP in the flow: the AGENT_EVENT above is what changed, and the desktop hears
        // the refusal as the command's answer.
        _ctx.FailApplied(ArmStatus.AgentAlreadyLoggedIn,
            $"the agent is signed in to the MRD already; its maxDialogLimit ({limit}), interruptAction ({EnumName(e.InterruptAction)}) and dialogLogoutAction ({EnumName(e.DialogLogoutAction)}) are reset");
    }

    private static string EnumName<T>(T value) where T : struct, Enum => value.ToString().ToUpperInvariant();

    private void OnPreCall(PeripheralAgent agent, int m, in FlowEvent e)
    {
        var am = agent.Mrds[m];
        var task = _pool.Count > 0 ? _pool.Pop() : new AgentTask();
        task.Task = e.Task;
        task.Contact = e.ContactId;
        task.DialogueId = e.DialogueId;
        task.TaskId = e.TaskId;
        task.Data = e.Data!;
        task.ScriptSelector = e.ScriptSelector ?? "";
        task.SkillGroupId = e.SkillGroupId;
        task.PrecisionQueueId = e.PrecisionQueueId;
        task.AgentIndex = agent.Index;
        task.MrdIndex = m;
        task.State = TaskState.Reserved;
        task.ReservedAt = _ctx.Now;
        // The record may be pooled: it must not carry the start of the task it held before.
        task.StartedAt = 0;
        var mrd = _ctx.Model.Mrds[m];
        task.LifeDeadline = e.Deadline;
        // An offer made while deadlines of the past catch up is first seen when the command runs.
        var ringsFrom = _ctx.RoutingRules >= RoutingRules.RingFromWhenSeen ? Math.Max(_ctx.Now, _ctx.CommandTime) : _ctx.Now;
        var startDeadline = ringsFrom + mrd.TaskStartTimeoutSeconds * 1000L;
        // Only the nearer of the two deadlines can fire while the task waits for its offer or start.
        if (e.Deadline > 0 && e.Deadline <= startDeadline) task.LifeTimer = _ctx.Schedule(e.Deadline, Module.AgentPeripheral, TimerKind.TaskLife, e.Task, m);
        else task.StartTimer = _ctx.Schedule(startDeadline, Module.AgentPeripheral, TimerKind.TaskStartTimeout, e.Task, m);
        _tasks[e.Task] = task;
        am.Tasks.Add(task);

        PublishAgentEvent(agent, m);
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.AGENT_PRE_CALL_EVENT, From = Module.AgentPeripheral, To = Module.Desktop,
            Task = e.Task, ContactId = e.ContactId, DialogueId = e.DialogueId, TaskId = e.TaskId, ScriptSelector = e.ScriptSelector,
            SkillGroupId = e.SkillGroupId, PrecisionQueueId = e.PrecisionQueueId, AgentId = agent.Config.Id, LoginId = agent.Config.LoginId,
            MrdId = mrd.Id, Data = e.Data,
        });
        PublishOthers(agent, m);
    }

    private void OnTaskIndication(PeripheralAgent agent, int m, in FlowEvent e)
    {
        if (!_tasks.TryGetValue(e.Task, out var task) || task.AgentIndex != agent.Index || task.MrdIndex != m)
        {
            Refuse(in e, ArmStatus.TaskNotFound, "the agent holds no such task in that MRD");
            return;
        }
        var ok = e.Message switch
        {
            MessageType.OFFER_TASK_IND => task.State == TaskState.Reserved,
            MessageType.START_TASK_IND => task.State is TaskState.Reserved or TaskState.Offered,
            MessageType.PAUSE_TASK_IND => task.State == TaskState.Active,
            MessageType.RESUME_TASK_IND => task.State == TaskState.Paused,
            MessageType.WRAPUP_TASK_IND => task.State is TaskState.Active or TaskState.Paused,
            MessageType.END_TASK_IND => true,
            _ => false,
        };
        if (!ok)
        {
            Refuse(in e, ArmStatus.InvalidMessageSequence, $"{e.Message} is not valid for a task that is {task.State}");
            return;
        }
        switch (e.Message)
        {
            case MessageType.OFFER_TASK_IND:
                task.State = TaskState.Offered;
                // CCE's start timeout runs from the pre-call to the first OfferTask or StartTask: once the
                // desktop has offered the task, only its task life bounds the wait for START (the seed's
                // agent starts 55 s after the offer, past the default 30 s timeout).
                _ctx.Cancel(ref task.StartTimer);
                if (task.LifeTimer == 0 && task.LifeDeadline > 0)
                    task.LifeTimer = _ctx.Schedule(task.LifeDeadline, Module.AgentPeripheral, TimerKind.TaskLife, task.Task, m);
                SendTaskEvent(MessageType.OFFER_TASK_EVENT, agent, task);
                break;
            case MessageType.START_TASK_IND:
                task.State = TaskState.Active;
                task.StartedAt = _ctx.Now;
                _ctx.Cancel(ref task.StartTimer);
                _ctx.Cancel(ref task.LifeTimer);
                task.DurationTimer = _ctx.Schedule(_ctx.Now + _ctx.Model.Mrds[m].MaxTaskDurationSeconds * 1000L, Module.AgentPeripheral, TimerKind.MaxTaskDuration, task.Task, m);
                PublishAgentEvent(agent, m);
                SendTaskEvent(MessageType.START_TASK_EVENT, agent, task);
                PublishOthers(agent, m);
                break;
            case MessageType.PAUSE_TASK_IND:
                MoveTask(agent, task, TaskState.Paused, MessageType.PAUSE_TASK_EVENT);
                break;
            case MessageType.RESUME_TASK_IND:
                MoveTask(agent, task, TaskState.Active, MessageType.RESUME_TASK_EVENT);
                break;
            case MessageType.WRAPUP_TASK_IND:
                MoveTask(agent, task, TaskState.WrapUp, MessageType.WRAPUP_TASK_EVENT);
                break;
            case MessageType.END_TASK_IND:
                var disposition = e.Disposition != Disposition.None ? e.Disposition : DefaultDisposition(task);
                EndTask(agent, task, disposition, e.ScriptSelector, e.Text);
                break;
        }
    }

    /// <summary>A started task changes state: the agent's state may follow (AGENT_EVENT), then ctisvr confirms.</summary>
    private void MoveTask(PeripheralAgent agent, AgentTask task, TaskState state, MessageType confirmation)
    {
        task.State = state;
        PublishAgentEvent(agent, task.MrdIndex);
        SendTaskEvent(confirmation, agent, task);
    }

    /// <summary>An end without a stated disposition is read from how far the task got.</summary>
    internal static Disposition DefaultDisposition(AgentTask task) => task.State switch
    {
        TaskState.Reserved => Disposition.AbandonedBeforeOffered,
        TaskState.Offered => Disposition.AbandonedWhileOffered,
        _ => Disposition.NormalEndTask,
    };

    public void OnTimer(in TimerQueue.Due due)
    {
        if (!_tasks.TryGetValue(due.Task, out var task)) return;
        var agent = _agents[task.AgentIndex];
        switch (due.Kind)
        {
            case TimerKind.TaskStartTimeout when task.StartTimer == due.Handle:
                task.StartTimer = 0;
                SendTimer(task, in due);
                RingNoAnswer(agent, task);
                break;
            case TimerKind.TaskLife when task.LifeTimer == due.Handle:
                task.LifeTimer = 0;
                SendTimer(task, in due);
                EndTask(agent, task, Disposition.MaxTaskLifetimeExceeded, null, "task life");
                break;
            case TimerKind.MaxTaskDuration when task.DurationTimer == due.Handle:
                task.DurationTimer = 0;
                SendTimer(task, in due);
                EndTask(agent, task, Disposition.MaxTaskLifetimeExceeded, null, "max task duration");
                break;
        }
    }

    private void SendTimer(AgentTask task, in TimerQueue.Due due) => _ctx.Send(new FlowEvent
    {
        Time = _ctx.Now, Message = MessageType.TIMER_EXPIRED, From = Module.Clock, To = Module.AgentPeripheral,
        Task = task.Task, ContactId = task.Contact, TaskId = task.TaskId, AgentId = _agents[task.AgentIndex].Config.Id,
        MrdId = _ctx.Model.Mrds[task.MrdIndex].Id, Deadline = due.Deadline, Text = due.Kind.ToString(),
    });

    /// <summary>
    /// The agent did not start the task in time: it is made not routable (as Finesse does) and the task
    /// goes back into its queue, by its first arrival (the router keeps its place).
    /// </summary>
    private void RingNoAnswer(PeripheralAgent agent, AgentTask task)
    {
        var m = task.MrdIndex;
        var am = agent.Mrds[m];
        am.Routable = false;
        Detach(agent, task);
        PublishAgentEvent(agent, m);
        SendAbort(agent, task, Disposition.RingNoAnswer, "ring no answer");
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.AGENT_MADE_NOT_ROUTABLE_EVENT, From = Module.AgentPeripheral, To = Module.Desktop,
            AgentId = agent.Config.Id, LoginId = agent.Config.LoginId, MrdId = _ctx.Model.Mrds[m].Id, Text = "ring no answer",
        });
        SendRequeue(agent, task, Disposition.RingNoAnswer, "RONA");
        Recycle(task);
        PublishOthers(agent, m);
    }

    private void Logout(PeripheralAgent agent, int m, int reason)
    {
        var am = agent.Mrds[m];
        am.LoggedIn = false;
        am.Ready = false;
        am.ReasonCode = reason;
        // The router hears first that the agent is gone, so nothing taken back is routed to it again.
        PublishRouterUpdate(agent, m, 0);
        foreach (var task in am.Tasks.ToArray())
        {
            if (!task.Started)
            {
                Detach(agent, task);
                SendAbort(agent, task, Disposition.AgentLoggedOutDuringTask, "agent signed out");
                SendRequeue(agent, task, Disposition.AgentLoggedOutDuringTask, "agent signed out");
                Recycle(task);
            }
            else
            {
                var transfer = am.DialogLogoutAction == DialogLogoutAction.Transfer;
                EndTask(agent, task,
                    transfer ? Disposition.TaskTransferredOnAgentLogout : Disposition.AgentLoggedOutDuringTask,
                    transfer ? task.Data.ScriptSelector : null, "agent signed out", publishAgentEvent: false);
            }
        }
        PublishAgentEvent(agent, m);
        PublishOthers(agent, m);
    }

    private void EndTask(PeripheralAgent agent, AgentTask task, Disposition disposition, string? transferTo, string? reason, bool publishAgentEvent = true)
    {
        var m = task.MrdIndex;
        var started = task.Started;
        Detach(agent, task);
        if (publishAgentEvent) PublishAgentEvent(agent, m);
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.END_TASK_EVENT, From = Module.AgentPeripheral, To = Module.Desktop,
            Task = task.Task, ContactId = task.Contact, DialogueId = task.DialogueId, TaskId = task.TaskId,
            AgentId = agent.Config.Id, LoginId = agent.Config.LoginId, MrdId = _ctx.Model.Mrds[m].Id,
            SkillGroupId = task.SkillGroupId, PrecisionQueueId = task.PrecisionQueueId, Disposition = disposition,
            ScriptSelector = transferTo, ContactStatus = started ? ContactStatus.Handled : ContactStatus.Discarded, Text = reason,
        });
        PublishRouterUpdate(agent, m, task.Task);
        Recycle(task);
        if (publishAgentEvent) PublishOthers(agent, m);
    }

    private void Detach(PeripheralAgent agent, AgentTask task)
    {
        _ctx.Cancel(ref task.StartTimer);
        _ctx.Cancel(ref task.LifeTimer);
        _ctx.Cancel(ref task.DurationTimer);
        agent.Mrds[task.MrdIndex].Tasks.Remove(task);
        _tasks.Remove(task.Task);
    }

    private void Recycle(AgentTask task)
    {
        task.Data = null!;
        _pool.Push(task);
    }

    private void SendTaskEvent(MessageType message, PeripheralAgent agent, AgentTask task) => _ctx.Send(new FlowEvent
    {
        Time = _ctx.Now, Message = message, From = Module.AgentPeripheral, To = Module.Desktop,
        Task = task.Task, ContactId = task.Contact, DialogueId = task.DialogueId, TaskId = task.TaskId,
        AgentId = agent.Config.Id, LoginId = agent.Config.LoginId, MrdId = _ctx.Model.Mrds[task.MrdIndex].Id,
        SkillGroupId = task.SkillGroupId, PrecisionQueueId = task.PrecisionQueueId,
    });

    private void SendAbort(PeripheralAgent agent, AgentTask task, Disposition disposition, string reason) => _ctx.Send(new FlowEvent
    {
        Time = _ctx.Now, Message = MessageType.AGENT_PRE_CALL_ABORT_EVENT, From = Module.AgentPeripheral, To = Module.Desktop,
        Task = task.Task, ContactId = task.Contact, DialogueId = task.DialogueId, TaskId = task.TaskId,
        AgentId = agent.Config.Id, LoginId = agent.Config.LoginId, MrdId = _ctx.Model.Mrds[task.MrdIndex].Id,
        Disposition = disposition, Text = reason,
    });

    private void SendRequeue(PeripheralAgent agent, AgentTask task, Disposition disposition, string reason)
    {
        var m = task.MrdIndex;
        var am = agent.Mrds[m];
        var eligibility = Eligibility(agent, m);
        am.RouterLoggedIn = am.LoggedIn;
        am.RouterEligibility = eligibility;
        am.RouterMax = am.MaxTaskLimit;
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.REQUEUE_TASK, From = Module.AgentPeripheral, To = Module.Router,
            Task = task.Task, ContactId = task.Contact, DialogueId = task.DialogueId, TaskId = task.TaskId,
            AgentId = agent.Config.Id, LoginId = agent.Config.LoginId, MrdId = _ctx.Model.Mrds[m].Id,
            AgentState = ComputeState(agent, m), NumTasks = am.Tasks.Count, MaxTaskLimit = am.MaxTaskLimit,
            Routable = am.Routable, Availability = eligibility, Disposition = disposition, Text = reason,
        });
    }

    private void Refuse(in FlowEvent e, ArmStatus status, string detail)
    {
        _ctx.Fail(status, detail);
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.FAILURE_RESP, From = Module.AgentPeripheral, To = Module.Desktop,
            Task = e.Task, TaskId = e.TaskId, AgentId = e.AgentId, MrdId = e.MrdId, Status = status, Text = e.Message + ": " + detail,
        });
    }
}
