using Taskroute.Core.Commands;
using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
using Taskroute.Core.Modules.AgentPeripheral;
using Taskroute.Core.Modules.Ccp;
using Taskroute.Core.Modules.Desktop;
using Taskroute.Core.Modules.MediaRouting;
using Taskroute.Core.Modules.Router;
using Taskroute.Core.Waiting;

namespace Taskroute.Core.Engine;

/// <summary>
/// The routing core: five modules that talk only by messages, delivered one at a time in the order
/// they were sent. Each command first fires the deadlines it passed, then enters the flow at the
/// module it concerns; <see cref="Events"/> holds every message that followed, in order. The engine
/// reads no clock and does no I/O: the same commands always give the same events.
/// Not thread-safe by design: one writer owns it.
/// </summary>
public sealed partial class RoutingEngine
{
    // Not readonly: a restore builds a complete engine state aside and then takes it over whole.
    private EngineContext _ctx;
    private CcpModule _ccp;
    private MediaRoutingModule _mediaRouting;
    private RouterModule _router;
    private AgentPeripheralModule _peripheral;
    private DesktopModule _desktop;
    private long _now;
    private bool _started;

    public RoutingEngine(RoutingConfiguration configuration, EngineOptions? options = null)
    {
        _ctx = new EngineContext(new RoutingModel(configuration), options ?? new EngineOptions());
        _configuration = _ctx.Model.Config;
        _ccp = new CcpModule(_ctx);
        _mediaRouting = new MediaRoutingModule(_ctx);
        _router = new RouterModule(_ctx);
        _peripheral = new AgentPeripheralModule(_ctx);
        _desktop = new DesktopModule(_ctx);
    }

    /// <summary>
    /// The configuration routing runs under. Set on the writer loop once a change is made, never
    /// while one is only being checked, so a request thread reading it sees the running one.
    /// </summary>
    public RoutingConfiguration Configuration => _configuration;

    // Published apart from _ctx.Model, which a configuration check points at the proposed one for a moment.
    private volatile RoutingConfiguration _configuration;

    /// <summary>The time of the last command, Unix milliseconds.</summary>
    public long Now => _now;

    /// <summary>The messages of the last command, in order; valid until the next command.</summary>
    public ReadOnlySpan<FlowEvent> Events => _ctx.Events;

    /// <summary>
    /// Where, in <see cref="Events"/>, the command's own messages start: the ones before it came from
    /// deadlines the command's time passed. The journal stores the command with its first message.
    /// </summary>
    public int CommandEventsStart { get; private set; }

    /// <summary>The earliest pending deadline, for the shell to tick at; null when none is pending.</summary>
    public long? NextDeadline => _ctx.Timers.TryPeekDeadline(out var d) ? d : null;

    // ---- commands ----

    public CommandResult Execute(Command command) => command switch
    {
        Commands.SubmitTask c => SubmitTask(c.Time, c.Data),
        Commands.CancelTask c => CancelTask(c.Time, c.ContactId),
        Commands.SignIn c => SignIn(c.Time, c.Agent, c.MrdId, c.MaxTaskLimit, c.InterruptAction, c.DialogLogoutAction, c.ResetIfSignedIn),
        Commands.SignOut c => SignOut(c.Time, c.Agent, c.MrdId, c.ReasonCode),
        Commands.SetReady c => c.Ready ? SetReady(c.Time, c.Agent, c.MrdId, c.Routable) : SetNotReady(c.Time, c.Agent, c.MrdId, c.ReasonCode),
        Commands.SetRoutable c => SetRoutable(c.Time, c.Agent, c.MrdId, c.Routable),
        Commands.ChangeMaxTaskLimit c => ChangeMaxTaskLimit(c.Time, c.Agent, c.MrdId, c.MaxTaskLimit),
        ActOnDialog c => Act(c.Time, c.Agent, c.Dialog, c.Action, c.Disposition, c.ScriptSelector),
        Commands.Tick c => Tick(c.Time),
        Commands.ChangeConfiguration c => ChangeConfiguration(c.Time, c.Hash),
        Commands.UpgradeRouting c => UpgradeRouting(c.Time, c.Rules),
        _ => new CommandResult(ArmStatus.InvalidArgument, "unknown command"),
    };

    /// <summary>The router's rules in force (<see cref="Engine.RoutingRules"/>).</summary>
    public int RoutingRulesInForce => _ctx.RoutingRules;

    /// <summary>
    /// Routes by the rules of version <paramref name="rules"/> from now on; they only ever rise. Asked
    /// for the rules already in force, it succeeds and changes nothing: an engine started under this
    /// build's rules may replay a journal that raised them.
    /// </summary>
    public CommandResult UpgradeRouting(long time, int rules)
    {
        Begin(time);
        if (rules < _ctx.RoutingRules || rules > Engine.RoutingRules.Current)
            return new CommandResult(ArmStatus.InvalidArgument, $"rules: {rules} is below the rules in force ({_ctx.RoutingRules}) or above this build's ({Engine.RoutingRules.Current})");
        _ctx.RoutingRules = rules;
        return Finish();
    }

    public CommandResult Tick(long time)
    {
        Begin(time);
        return CommandResult.Success();
    }

    public CommandResult SubmitTask(long time, TaskData data)
    {
        Begin(time);
        var status = _ccp.ValidateSubmit(data, out var detail);
        if (status != ArmStatus.Success) return new CommandResult(status, detail);
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.CREATE_SOCIAL_CONTACT, From = Module.Application, To = Module.Ccp,
            ContactId = data.ContactId, ScriptSelector = data.ScriptSelector, Priority = data.Priority, Data = data,
        });
        return Finish(_ccp.LastTask + 1);
    }

    public CommandResult CancelTask(long time, Guid contactId)
    {
        Begin(time);
        var status = _ccp.ValidateCancel(contactId, out var detail);
        if (status != ArmStatus.Success) return new CommandResult(status, detail);
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.DELETE_SOCIAL_CONTACT, From = Module.Application, To = Module.Ccp,
            ContactId = contactId, Task = _ccp.Find(contactId)!.Task,
        });
        return Finish();
    }

    public CommandResult SignIn(long time, int agent, int mrdId, int maxTaskLimit = 0,
        InterruptAction interruptAction = InterruptAction.Accept, DialogLogoutAction dialogLogoutAction = DialogLogoutAction.Close,
        bool resetIfSignedIn = false)
    {
        Begin(time);
        if (!Resolve(agent, mrdId, out var a, out var m, out var refused)) return refused;
        _desktop.SignIn(a, m, maxTaskLimit, interruptAction, dialogLogoutAction, resetIfSignedIn);
        return Finish();
    }

    public CommandResult SignOut(long time, int agent, int mrdId, int reasonCode = 0)
    {
        Begin(time);
        if (!Resolve(agent, mrdId, out var a, out var m, out var refused)) return refused;
        _desktop.SignOut(a, m, reasonCode);
        return Finish();
    }

    /// <summary>
    /// The refusal a command would meet for its own values alone, whatever the state (a reason code
    /// the configuration does not list), or null: a caller running several commands as one change
    /// asks it of each first, so that none is applied when a later one would be refused.
    /// </summary>
    public CommandResult? RefusalBeforehand(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var config = _ctx.Model.Config;
        var unknown = command switch
        {
            Commands.SetReady { Ready: false } c => Modules.Desktop.DesktopModule.UnknownReason(config.NotReadyReasonCodes, c.ReasonCode, "Not Ready"),
            Commands.SignOut c => Modules.Desktop.DesktopModule.UnknownReason(config.LogoutReasonCodes, c.ReasonCode, "sign-out"),
            _ => null,
        };
        return unknown is null ? null : new CommandResult(ArmStatus.InvalidArgument, unknown);
    }

    public CommandResult SetReady(long time, int agent, int mrdId, bool routable = true)
    {
        Begin(time);
        if (!Resolve(agent, mrdId, out var a, out var m, out var refused)) return refused;
        _desktop.SetReady(a, m, true, 0, routable);
        return Finish();
    }

    public CommandResult SetNotReady(long time, int agent, int mrdId, int reasonCode = 0)
    {
        Begin(time);
        if (!Resolve(agent, mrdId, out var a, out var m, out var refused)) return refused;
        _desktop.SetReady(a, m, false, reasonCode);
        return Finish();
    }

    public CommandResult SetRoutable(long time, int agent, int mrdId, bool routable)
    {
        Begin(time);
        if (!Resolve(agent, mrdId, out var a, out var m, out var refused)) return refused;
        _desktop.SetRoutable(a, m, routable);
        return Finish();
    }

    public CommandResult ChangeMaxTaskLimit(long time, int agent, int mrdId, int maxTaskLimit)
    {
        Begin(time);
        if (!Resolve(agent, mrdId, out var a, out var m, out var refused)) return refused;
        _desktop.ChangeMaxTaskLimit(a, m, maxTaskLimit);
        return Finish();
    }

    public CommandResult Act(long time, int agent, IcmTaskId dialog, DialogAction action,
        Disposition disposition = Disposition.None, string? scriptSelector = null)
    {
        Begin(time);
        var a = _ctx.Model.FindAgent(agent);
        if (a < 0) return new CommandResult(ArmStatus.AgentNotFound, $"no agent {agent}");
        _desktop.Act(a, dialog, action, disposition, scriptSelector);
        return Finish();
    }

    private bool Resolve(int agent, int mrdId, out int agentIndex, out int mrdIndex, out CommandResult refused)
    {
        agentIndex = _ctx.Model.FindAgent(agent);
        mrdIndex = _ctx.Model.MrdIndex(mrdId);
        refused = agentIndex < 0 ? new CommandResult(ArmStatus.AgentNotFound, $"no agent with ICM agent id or login id {agent}")
            : mrdIndex < 0 ? new CommandResult(ArmStatus.MrdNotFound, $"no MRD {mrdId}")
            : default;
        return agentIndex >= 0 && mrdIndex >= 0;
    }

    /// <summary>Starts a command: time never runs backwards, and every deadline it passed fires first, at its own time.</summary>
    private void Begin(long time)
    {
        _started = true;
        if (time < _now) time = _now;
        _ctx.CommandTime = time;
        _ctx.BeginBatch();
        while (_ctx.Timers.TryDequeueDue(time, out var due))
        {
            _ctx.Now = due.Deadline;
            switch (due.Owner)
            {
                case Module.Router:
                    _router.OnTimer(in due);
                    break;
                case Module.AgentPeripheral:
                    _peripheral.OnTimer(in due);
                    break;
            }
            Drain();
        }
        _now = time;
        _ctx.Now = time;
        _ctx.ClearStatus();
        CommandEventsStart = _ctx.Events.Length;
        _ccp.ExpireRetained(time);
    }

    private CommandResult Finish(int task = 0)
    {
        Drain();
        return _ctx.Status == ArmStatus.Success ? CommandResult.Success(task) : new CommandResult(_ctx.Status, _ctx.Detail, task, _ctx.Applied);
    }

    private void Drain()
    {
        while (_ctx.HasPending)
        {
            ref readonly var e = ref _ctx.TakeNext();
            switch (e.To)
            {
                case Module.Ccp:
                    _ccp.Handle(in e);
                    break;
                case Module.MediaRouting:
                    _mediaRouting.Handle(in e);
                    break;
                case Module.Router:
                    _router.Handle(in e);
                    break;
                case Module.AgentPeripheral:
                    _peripheral.Handle(in e);
                    break;
                case Module.Desktop:
                    _desktop.Handle(in e);
                    break;
            }
        }
    }

    // ---- queries (read-only views for the shell) ----

    public SocialContact? FindContact(Guid contactId) => _ccp.Find(contactId);

    /// <summary>Every contact CCP still holds (finished ones until their retention ends).</summary>
    public IEnumerable<SocialContact> Contacts => _ccp.Contacts;

    /// <summary>How many contacts CCP holds: about how many tasks a snapshot would write.</summary>
    public int ContactCount => _ccp.Count;

    /// <summary>Finds an agent by ICM agent id or login id.</summary>
    public AgentConfig? FindAgent(int agent) => _ctx.Model.FindAgent(agent) is var a and >= 0 ? _ctx.Model.Agents[a] : null;

    public IReadOnlyList<AgentMedia> AgentMedia(int agent) =>
        _ctx.Model.FindAgent(agent) is var a and >= 0 ? _desktop.Media(a) : [];

    /// <summary>The interruptAction and dialogLogoutAction the agent signed in to the MRD with; null while signed out.</summary>
    public (InterruptAction Interrupt, DialogLogoutAction Logout)? SignInSettings(int agent, int mrdId) =>
        _ctx.Model.FindAgent(agent) is var a and >= 0 && _ctx.Model.MrdIndex(mrdId) is var m and >= 0 ? _peripheral.SignInSettings(a, m) : null;

    public IReadOnlyList<Dialog> Dialogs(int agent) =>
        _ctx.Model.FindAgent(agent) is var a and >= 0 ? _desktop.Dialogs(a) : [];

    public Dialog? FindDialog(IcmTaskId id) => _desktop.FindDialog(id);

    /// <summary>When the dialog, not started yet, leaves the agent unless started (Unix milliseconds): it rings out, or its task life ends first; null once started.</summary>
    public long? StartBy(Dialog dialog)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        return _peripheral.StartBy(dialog.Task) is var by and > 0 ? by : null;
    }

    /// <summary>A dialog's state as the desktop shows it: INTERRUPTED while its MRD is interrupted (see <c>interruptAction</c>).</summary>
    public DialogState ShownState(Dialog dialog) => _desktop.ShownState(dialog);

    /// <summary>When the longest-waiting task of the MRD started waiting (Unix milliseconds); null when none waits.</summary>
    public long? OldestQueuedSince(int mrdId) => _ctx.Model.MrdIndex(mrdId) is var m and >= 0 ? _router.OldestQueuedSince(m) : null;

    /// <summary>Tasks waiting in the router, in the MRD.</summary>
    public int QueuedTasks(int mrdId) => _ctx.Model.MrdIndex(mrdId) is var m and >= 0 ? _router.QueuedCount(m) : 0;

    /// <summary>
    /// The MRD and its max tasks in queue when a task submitted now through <paramref name="scriptSelector"/>
    /// would find that queue full: the tasks waiting there and those still in their script on the way
    /// (which the router would drop for a full queue once they reach it) count. Null when there is
    /// room, no limit, or no such selector.
    /// </summary>
    public (int MrdId, int Max)? FullQueue(string scriptSelector)
    {
        var selectors = Configuration.ScriptSelectors;
        for (var i = 0; i < selectors.Count; i++)
        {
            if (selectors[i].Name != scriptSelector) continue;
            if (_ctx.Model.MrdIndex(selectors[i].MrdId) is not (var m and >= 0)) return null;
            var max = _ctx.Model.Mrds[m].MaxTasksInQueue;
            return max > 0 && _router.QueueReaches(m, max) ? (selectors[i].MrdId, max) : null;
        }
        return null;
    }

    /// <summary>What a refusal says when <see cref="FullQueue"/> found the MRD's queue full: the APIs' and the cluster's one sentence.</summary>
    public static string QueueFullMessage(int mrdId, int max) =>
        $"MRD {mrdId} is at its max tasks in queue ({max}, counting tasks still in their scripts on the way to it)";

    /// <summary>Adds each skill group's and precision queue's waiting tasks and agents to <paramref name="into"/>: skill groups, then precision queues, in the configuration's order.</summary>
    public void QueueFigures(List<QueueFigures> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        _router.QueueFigures(into);
    }

    /// <summary>Adds the queues a contact's task waits in, each with the tasks ahead of it there, to <paramref name="into"/>: none unless it is queued.</summary>
    public void WaitingQueues(Guid contactId, List<WaitingQueue> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (_ccp.Find(contactId) is { } contact) _router.WaitingQueues(contact.Task, into);
    }

    /// <summary>Where a contact's current task is now, across the modules.</summary>
    public TaskState? TaskStateOf(Guid contactId)
    {
        if (_ccp.Find(contactId) is not { } contact) return null;
        switch (contact.Status)
        {
            case ContactStatus.Handled: return TaskState.Ended;
            case ContactStatus.Cancelled: return TaskState.Cancelled;
            case ContactStatus.Discarded: return TaskState.Discarded;
            case ContactStatus.Unread: return TaskState.Unread;
        }
        // Held by an agent, or else still with the router (CCP counts both waiting and running scripts as queued).
        return _peripheral.FindTask(contact.Task) is { } held ? held.State : TaskState.Queued;
    }

    /// <summary>
    /// Checks the rules that must always hold, across modules: no agent above its task limit, no task
    /// held twice, the router's count of each agent's tasks equal to the peripheral's and the desktop's.
    /// Returns the first violation, or null. For tests and diagnostics; it walks every agent.
    /// </summary>
    public string? CheckInvariants()
    {
        var model = _ctx.Model;
        for (var a = 0; a < model.Agents.Length; a++)
        {
            for (var m = 0; m < model.Mrds.Length; m++)
            {
                var am = _peripheral.AgentMrd(a, m);
                var agentId = model.Agents[a].Id;
                var mrdId = model.Mrds[m].Id;
                if (am.Tasks.Count > am.MaxTaskLimit) return $"agent {agentId} holds {am.Tasks.Count} tasks in MRD {mrdId}, above its limit {am.MaxTaskLimit}";
                if (_router.RouterNumTasks(a, m) != am.Tasks.Count) return $"agent {agentId} MRD {mrdId}: router counts {_router.RouterNumTasks(a, m)} tasks, peripheral {am.Tasks.Count}";
                var dialogs = 0;
                foreach (var d in _desktop.Dialogs(a)) if (d.MrdIndex == m) dialogs++;
                if (dialogs != am.Tasks.Count) return $"agent {agentId} MRD {mrdId}: desktop shows {dialogs} dialogs, peripheral holds {am.Tasks.Count} tasks";
                if (!am.LoggedIn && am.Tasks.Count > 0) return $"agent {agentId} is signed out of MRD {mrdId} but holds {am.Tasks.Count} tasks";
            }
        }
        var holders = new Dictionary<int, int>();
        foreach (var task in _peripheral.Tasks)
        {
            if (!holders.TryAdd(task.Task, task.AgentIndex)) return $"task {task.Task} is held by two agents";
            if (_router.IsQueued(task.Task)) return $"task {task.Task} is both queued and held by agent {model.Agents[task.AgentIndex].Id}";
        }
        return _router.CheckConsistency();
    }
}
