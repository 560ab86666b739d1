using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Modules.Desktop;

/// <summary>
/// The agent desktop (Finesse): turns what agents do into the CTI server's indications, checking
/// first that the action makes sense from what the desktop knows, and keeps each agent's dialogs
/// and media states from the CTI server's events. When a task ends it asks CCP to close the contact.
/// </summary>
internal sealed partial class DesktopModule
{
    private readonly EngineContext _ctx;
    private readonly AgentMedia[][] _media;
    private readonly List<Dialog>[] _agentDialogs;
    private readonly SequenceMap<Dialog> _dialogs = new();
    private readonly Dictionary<IcmTaskId, Dialog> _dialogsById = [];

    public DesktopModule(EngineContext ctx)
    {
        _ctx = ctx;
        var model = ctx.Model;
        _media = new AgentMedia[model.Agents.Length][];
        _agentDialogs = new List<Dialog>[model.Agents.Length];
        for (var a = 0; a < _media.Length; a++)
        {
            _media[a] = new AgentMedia[model.Mrds.Length];
            for (var m = 0; m < model.Mrds.Length; m++)
                _media[a][m] = new AgentMedia { MrdId = model.Mrds[m].Id, MaxTaskLimit = model.Mrds[m].MaxTasksPerAgent };
            _agentDialogs[a] = [];
        }
    }

    public IReadOnlyList<AgentMedia> Media(int agentIndex) => _media[agentIndex];

    public IReadOnlyList<Dialog> Dialogs(int agentIndex) => _agentDialogs[agentIndex];

    public Dialog? FindDialog(IcmTaskId id) => _dialogsById.GetValueOrDefault(id);

    public int DialogCount => _dialogs.Count;

    // ---- what agents do ----

    public ArmStatus SignIn(int agentIndex, int m, int maxTaskLimit, InterruptAction interruptAction, DialogLogoutAction logoutAction, bool resetIfSignedIn)
    {
        var media = _media[agentIndex][m];
        if (media.LoggedIn && !resetIfSignedIn) return Refuse(ArmStatus.AgentAlreadyLoggedIn, "the agent is signed in to this MRD already");
        var mrd = _ctx.Model.Mrds[m];
        // A configuration change lowered the MRD's limit below what a signed-in agent holds: it works on
        // under the limit it signed in with, and no sign-in can be taken until it holds fewer. Said so,
        // rather than a range that reads as though the agent's own limit were wrong.
        if (media.LoggedIn && media.NumTasks > mrd.MaxTasksPerAgent)
            return Refuse(ArmStatus.InvalidArgument, $"maxDialogLimit: the agent holds {media.NumTasks} tasks, more than MRD {mrd.Id}'s limit of {mrd.MaxTasksPerAgent} since the configuration changed; " +
                $"it stays signed in under the limit it signed in with ({media.MaxTaskLimit}) and can sign in again once it holds {mrd.MaxTasksPerAgent} or fewer");
        if (maxTaskLimit != 0 && (maxTaskLimit < 1 || maxTaskLimit > mrd.MaxTasksPerAgent))
            return Refuse(ArmStatus.InvalidArgument, $"maxDialogLimit: must be 1 to {mrd.MaxTasksPerAgent}, the MRD's limit (got {maxTaskLimit})");
        // Signed in already, the peripheral resets the settings and refuses the sign-in itself; a
        // limit below what the agent holds would leave it over its limit, so that is refused here.
        var limit = maxTaskLimit != 0 ? maxTaskLimit : mrd.MaxTasksPerAgent;
        if (media.LoggedIn && limit < media.NumTasks)
            return Refuse(ArmStatus.InvalidArgument, $"maxDialogLimit: the agent holds {media.NumTasks} tasks; end some before signing in again with a limit of {limit}");
        SendToPeripheral(MessageType.MEDIA_LOGIN_REQ, agentIndex, m, maxTaskLimit: maxTaskLimit, interruptAction: interruptAction, logoutAction: logoutAction);
        return ArmStatus.Success;
    }

    public ArmStatus SignOut(int agentIndex, int m, int reasonCode)
    {
        if (!_media[agentIndex][m].LoggedIn) return Refuse(ArmStatus.AgentNotLoggedIn, "the agent is not signed in to this MRD");
        if (UnknownReason(_ctx.Model.Config.LogoutReasonCodes, reasonCode, "sign-out") is { } unknown) return Refuse(ArmStatus.InvalidArgument, unknown);
        SendToPeripheral(MessageType.MEDIA_LOGOUT_IND, agentIndex, m, reasonCode: reasonCode);
        return ArmStatus.Success;
    }

    public ArmStatus SetReady(int agentIndex, int m, bool ready, int reasonCode, bool routable = true)
    {
        if (!_media[agentIndex][m].LoggedIn) return Refuse(ArmStatus.AgentNotLoggedIn, "the agent is not signed in to this MRD");
        if (!ready && reasonCode < 0) return Refuse(ArmStatus.InvalidArgument, "reasonCode: must be 0 or more");
        if (!ready && UnknownReason(_ctx.Model.Config.NotReadyReasonCodes, reasonCode, "Not Ready") is { } unknown) return Refuse(ArmStatus.InvalidArgument, unknown);
        // Asked while holding tasks, NOT_READY waits for the last one to end: the desktop shows it pending.
        var media = _media[agentIndex][m];
        var holding = media.State is AgentState.RESERVED or AgentState.ACTIVE or AgentState.PAUSED or AgentState.WORK or AgentState.INTERRUPTED;
        var (pending, pendingReason) = !ready && holding ? (AgentState.NOT_READY, reasonCode) : ((AgentState?)null, 0);
        SetPending(agentIndex, m, pending, pendingReason);
        SendToPeripheral(ready ? MessageType.MAKE_AGENT_READY_IND : MessageType.MAKE_AGENT_NOT_READY_REQ, agentIndex, m, reasonCode: ready ? 0 : reasonCode, routable: ready && routable);
        return ArmStatus.Success;
    }

    // A code the configuration does not list, where it lists any, is refused naming those it does;
    // 0, no reason, is always taken (the presence monitor signs agents out with it).
    internal static string? UnknownReason(IReadOnlyList<Configuration.ReasonCode> codes, int reasonCode, string what)
    {
        if (reasonCode == 0 || codes.Count == 0) return null;
        foreach (var c in codes)
            if (c.Code == reasonCode) return null;
        return $"reasonCode: {reasonCode} is not a {what} reason code here; the configured ones are {string.Join(", ", codes.Select(c => $"{c.Code} ({c.Label})"))}";
    }

    public ArmStatus SetRoutable(int agentIndex, int m, bool routable)
    {
        if (!_media[agentIndex][m].LoggedIn) return Refuse(ArmStatus.AgentNotLoggedIn, "the agent is not signed in to this MRD");
        SendToPeripheral(routable ? MessageType.MAKE_AGENT_ROUTABLE_IND : MessageType.MAKE_AGENT_NOT_ROUTABLE_REQ, agentIndex, m);
        return ArmStatus.Success;
    }

    public ArmStatus ChangeMaxTaskLimit(int agentIndex, int m, int maxTaskLimit)
    {
        var media = _media[agentIndex][m];
        if (!media.LoggedIn) return Refuse(ArmStatus.AgentNotLoggedIn, "the agent is not signed in to this MRD");
        var mrd = _ctx.Model.Mrds[m];
        if (maxTaskLimit < 1 || maxTaskLimit > mrd.MaxTasksPerAgent)
            return Refuse(ArmStatus.InvalidArgument, $"maxDialogLimit: must be 1 to {mrd.MaxTasksPerAgent}, the MRD's limit (got {maxTaskLimit})");
        if (maxTaskLimit < media.NumTasks)
            return Refuse(ArmStatus.InvalidArgument, $"maxDialogLimit: the agent holds {media.NumTasks} tasks; end some before lowering the limit to {maxTaskLimit}");
        SendToPeripheral(MessageType.CHANGE_MAX_TASK_LIMIT_REQ, agentIndex, m, maxTaskLimit: maxTaskLimit);
        return ArmStatus.Success;
    }

    /// <summary>
    /// The dialog's state as Finesse shows it: INTERRUPTED while its MRD is interrupted and it was
    /// started (active, paused or wrapping up); otherwise its own.
    /// </summary>
    public DialogState ShownState(Dialog dialog) => IsInterrupted(dialog) ? DialogState.INTERRUPTED : dialog.State;

    private bool IsInterrupted(Dialog dialog) =>
        dialog.State is DialogState.ACTIVE or DialogState.PAUSED or DialogState.WRAPPING_UP &&
        _media[dialog.AgentIndex][dialog.MrdIndex].State == AgentState.INTERRUPTED;

    // The action as clients name it (Finesse's MediaDialog.TaskActions: WRAP_UP, not WRAPUP).
    private static string NameOf(DialogAction action) => action == DialogAction.WrapUp ? "WRAP_UP" : action.ToString().ToUpperInvariant();

    public ArmStatus Act(int agentIndex, IcmTaskId dialogId, DialogAction action, Disposition disposition, string? scriptSelector)
    {
        if (!_dialogsById.TryGetValue(dialogId, out var dialog) || dialog.AgentIndex != agentIndex)
            return Refuse(ArmStatus.TaskNotFound, $"the agent has no dialog {dialogId.ToDialogId()}");
        var state = dialog.State;
        // An agent that accepted an interruption (interruptAction ACCEPT) works the interrupting
        // task: the interrupted MRD's started dialogs take no step until it ends, as in Finesse.
        if (IsInterrupted(dialog))
            return Refuse(ArmStatus.NotValidAfterInterruptAdvisoryAccept,
                $"{NameOf(action)} is not valid while the dialog is INTERRUPTED: the agent is working a task of a non-interruptible MRD, and this one resumes when that ends");
        var allowed = action switch
        {
            DialogAction.Accept => state == DialogState.OFFERED,
            DialogAction.Start => state is DialogState.OFFERED or DialogState.ACCEPTED,
            DialogAction.Pause => state == DialogState.ACTIVE,
            DialogAction.Resume => state == DialogState.PAUSED,
            DialogAction.WrapUp => state is DialogState.ACTIVE or DialogState.PAUSED,
            // The journal replays commands under these rules: one the engine once took must stay
            // valid here. Rules of Finesse's that are stricter (no CLOSE of an OFFERED dialog) are
            // kept by the APIs, before a command is made (DialogRules).
            DialogAction.Close => true,
            DialogAction.Transfer => state is DialogState.ACTIVE or DialogState.PAUSED or DialogState.WRAPPING_UP,
            _ => false,
        };
        if (!allowed) return Refuse(ArmStatus.InvalidMessageSequence, $"{NameOf(action)} is not valid for a dialog that is {state}");

        var message = action switch
        {
            DialogAction.Accept => MessageType.OFFER_TASK_IND,
            DialogAction.Start => MessageType.START_TASK_IND,
            DialogAction.Pause => MessageType.PAUSE_TASK_IND,
            DialogAction.Resume => MessageType.RESUME_TASK_IND,
            DialogAction.WrapUp => MessageType.WRAPUP_TASK_IND,
            _ => MessageType.END_TASK_IND,
        };
        string? transferTo = null;
        if (action == DialogAction.Transfer)
        {
            if (string.IsNullOrWhiteSpace(scriptSelector)) return Refuse(ArmStatus.InvalidArgument, "scriptSelector: required to transfer");
            if (!_ctx.Model.Selectors.ContainsKey(scriptSelector)) return Refuse(ArmStatus.InvalidArgument, $"scriptSelector: no script selector '{scriptSelector}'");
            disposition = Disposition.TaskTransferred;
            transferTo = scriptSelector;
            dialog.TransferTo = scriptSelector;
        }
        else if (action == DialogAction.Close && disposition is Disposition.TaskTransferred or Disposition.TaskTransferredOnAgentLogout)
        {
            return Refuse(ArmStatus.InvalidArgument, "disposition: use TRANSFER to transfer a task");
        }
        else if (action != DialogAction.Close)
        {
            disposition = Disposition.None;
        }

        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = message, From = Module.Desktop, To = Module.AgentPeripheral,
            Task = dialog.Task, ContactId = dialog.ContactId, DialogueId = dialog.DialogueId, TaskId = dialog.TaskId,
            AgentId = dialog.AgentId, LoginId = dialog.LoginId, MrdId = dialog.MrdId, SkillGroupId = dialog.SkillGroupId,
            PrecisionQueueId = dialog.PrecisionQueueId, Disposition = disposition, ScriptSelector = transferTo,
        });
        return ArmStatus.Success;
    }

    private ArmStatus Refuse(ArmStatus status, string detail)
    {
        _ctx.Fail(status, detail);
        return status;
    }

    private void SendToPeripheral(MessageType message, int agentIndex, int m, int reasonCode = 0, int maxTaskLimit = 0,
        InterruptAction interruptAction = default, DialogLogoutAction logoutAction = default, bool routable = false)
    {
        var agent = _ctx.Model.Agents[agentIndex];
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = message, From = Module.Desktop, To = Module.AgentPeripheral,
            AgentId = agent.Id, LoginId = agent.LoginId, MrdId = _ctx.Model.Mrds[m].Id, ReasonCode = reasonCode,
            MaxTaskLimit = maxTaskLimit, InterruptAction = interruptAction, DialogLogoutAction = logoutAction, Routable = routable,
        });
    }

    // ---- what the CTI server says ----

    public void Handle(in FlowEvent e)
    {
        switch (e.Message)
        {
            case MessageType.AGENT_EVENT:
                OnAgentEvent(in e);
                break;
            case MessageType.AGENT_MADE_NOT_ROUTABLE_EVENT:
                if (Media(in e) is { } media) media.Routable = false;
                break;
            case MessageType.AGENT_PRE_CALL_EVENT:
                OnPreCall(in e);
                break;
            case MessageType.OFFER_TASK_EVENT:
                SetDialogState(in e, DialogState.ACCEPTED);
                break;
            case MessageType.START_TASK_EVENT:
            case MessageType.RESUME_TASK_EVENT:
                SetDialogState(in e, DialogState.ACTIVE);
                break;
            case MessageType.PAUSE_TASK_EVENT:
                SetDialogState(in e, DialogState.PAUSED);
                break;
            case MessageType.WRAPUP_TASK_EVENT:
                SetDialogState(in e, DialogState.WRAPPING_UP);
                break;
            case MessageType.AGENT_PRE_CALL_ABORT_EVENT:
                if (_dialogs.TryGetValue(e.Task, out var aborted)) Forget(aborted);
                break;
            case MessageType.END_TASK_EVENT:
                OnEnd(in e);
                break;
        }
    }

    private AgentMedia? Media(in FlowEvent e)
    {
        var a = _ctx.Model.FindAgent(e.AgentId);
        var m = _ctx.Model.MrdIndex(e.MrdId);
        return a < 0 || m < 0 ? null : _media[a][m];
    }

    private void OnAgentEvent(in FlowEvent e)
    {
        if (Media(in e) is not { } media) return;
        if (media.State != e.AgentState) media.StateChangedAt = _ctx.Now;
        media.State = e.AgentState;
        media.ReasonCode = e.ReasonCode;
        media.NumTasks = e.NumTasks;
        media.MaxTaskLimit = e.MaxTaskLimit;
        // Signed out, the media is not routable, as Finesse shows it; the CTI server's event keeps the last flag.
        media.Routable = e.Routable && e.AgentState != AgentState.LOGOUT;
        media.Availability = e.Availability;
        if (e.AgentState is AgentState.NOT_READY or AgentState.NOT_ACTIVE or AgentState.LOGOUT)
            SetPending(_ctx.Model.FindAgent(e.AgentId), _ctx.Model.MrdIndex(e.MrdId), null, 0);
    }

    /// <summary>
    /// Keeps what the media will do once its tasks end, and says it when it changes: a desktop
    /// listening to the agent's updates learns that its Not Ready waits as it learns any state.
    /// </summary>
    private void SetPending(int agentIndex, int m, AgentState? state, int reasonCode)
    {
        var media = _media[agentIndex][m];
        if (media.PendingState == state && media.PendingReasonCode == reasonCode) return;
        (media.PendingState, media.PendingReasonCode) = (state, reasonCode);
        var agent = _ctx.Model.Agents[agentIndex];
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.AGENT_PENDING_STATE_EVENT, From = Module.Desktop, To = Module.Desktop,
            AgentId = agent.Id, LoginId = agent.LoginId, MrdId = media.MrdId, AgentState = state ?? AgentState.LOGIN, ReasonCode = reasonCode,
        });
    }

    private void OnPreCall(in FlowEvent e)
    {
        var a = _ctx.Model.FindAgent(e.AgentId);
        var dialog = new Dialog
        {
            Task = e.Task, ContactId = e.ContactId, DialogueId = e.DialogueId, TaskId = e.TaskId, AgentId = e.AgentId,
            LoginId = e.LoginId, MrdId = e.MrdId, SkillGroupId = e.SkillGroupId, PrecisionQueueId = e.PrecisionQueueId,
            State = DialogState.OFFERED, Data = e.Data!, OfferedAt = _ctx.Now, StateChangedAt = _ctx.Now,
            AgentIndex = a, MrdIndex = _ctx.Model.MrdIndex(e.MrdId),
        };
        _dialogs[e.Task] = dialog;
        _dialogsById[e.TaskId] = dialog;
        _agentDialogs[a].Add(dialog);
    }

    private void SetDialogState(in FlowEvent e, DialogState state)
    {
        if (!_dialogs.TryGetValue(e.Task, out var dialog)) return;
        dialog.State = state;
        dialog.StateChangedAt = _ctx.Now;
    }

    private void OnEnd(in FlowEvent e)
    {
        if (!_dialogs.TryGetValue(e.Task, out var dialog)) return;
        dialog.State = DialogState.CLOSED;
        Forget(dialog);
        _ctx.Send(new FlowEvent
        {
            Time = _ctx.Now, Message = MessageType.CLOSE_TASK, From = Module.Desktop, To = Module.Ccp,
            Task = e.Task, ContactId = e.ContactId, DialogueId = e.DialogueId, TaskId = e.TaskId, AgentId = e.AgentId, MrdId = e.MrdId,
            Disposition = e.Disposition, ContactStatus = e.ContactStatus, ScriptSelector = e.ScriptSelector ?? dialog.TransferTo, Text = e.Text,
        });
    }

    private void Forget(Dialog dialog)
    {
        _dialogs.Remove(dialog.Task);
        _dialogsById.Remove(dialog.TaskId);
        _agentDialogs[dialog.AgentIndex].Remove(dialog);
    }
}
