using Taskroute.Core.Flow;

namespace Taskroute.Logs;

// Finesse webservices: "103630: [INFO]: [call-id [154526_37051928_1]] [agent-id [1080]]: [Jan 30 2024
// 08:55:58.954 -0500]: [EVENT_POOL-1-worker-17]: [class]: text". Lines about the CTI message itself
// carry no ids in the brackets (as in the TechNote); the dialog and user lines do.
public sealed partial class ComponentLogWriter
{
    private const int FinesseWorkers = 20;
    private readonly Dictionary<int, int> _logins = [];

    private static readonly byte[][] DialogStates = [.. Enum.GetNames<DialogState>().Select(n => System.Text.Encoding.ASCII.GetBytes(n))];

    private LogFile Finesse(ReadOnlySpan<byte> level, in FlowEvent e, bool callId, bool agentId, ReadOnlySpan<byte> pool, ReadOnlySpan<byte> type)
    {
        var f = Entry(ComponentLog.WebServices);
        f.Int(++f.LineSequence).Bytes(": ["u8).Bytes(level).Bytes("]: [call-id"u8);
        if (callId && HasTaskId(in e)) DialogId(f.Bytes(" ["u8), in e).Char(']');
        f.Bytes("] [agent-id"u8);
        if (agentId) f.Bytes(" ["u8).Int(LoginOf(in e)).Char(']');
        f.Bytes("]: ["u8).Bytes(_clock.Cisco).Bytes("]: ["u8).Bytes(pool);
        if (pool[^1] == (byte)'-') f.Int(1 + LoginOf(in e) % FinesseWorkers);
        return f.Bytes("]: ["u8).Bytes(type).Bytes("]: "u8);
    }

    // Finesse names agents by login id; a message that carries only the ICM agent id is named by
    // the login this writer last saw with it.
    private int LoginOf(in FlowEvent e) =>
        e.LoginId != 0 ? e.LoginId : _logins.TryGetValue(e.AgentId, out var login) ? login : e.AgentId;

    private void RememberLogin(in FlowEvent e)
    {
        if (e.LoginId != 0 && e.AgentId != 0 && e.Message == MessageType.AGENT_EVENT) _logins[e.AgentId] = e.LoginId;
    }

    private LogFile Ids(LogFile f, in FlowEvent e)
    {
        f.Bytes(" {icmAgentId="u8).Int(e.AgentId).Bytes(", agentId="u8).Int(LoginOf(in e)).Bytes(", mrdId="u8).Int(e.MrdId);
        if (HasTaskId(in e)) DialogId(f.Bytes(", taskId="u8), in e);
        return f.Char('}');
    }

    // Desktop -> AgentPeripheral: the agent's request (DEBUG) and the CTI message Finesse sends for it.
    private void FinesseCommand(in FlowEvent e, int invokeId)
    {
        if (!On(ComponentLog.WebServices, ComponentLogLevel.INFO)) return;
        if (On(ComponentLog.WebServices, ComponentLogLevel.DEBUG))
        {
            var r = Finesse("DEBUG"u8, in e, callId: true, agentId: true, "http-nio-8082-exec-"u8, "c.c.f.w.r.AgentRequest"u8);
            if (IsTaskIndication(e.Message)) DialogId(r.Bytes("PUT /finesse/api/Dialog/"u8), in e);
            else r.Bytes("PUT /finesse/api/User/"u8).Int(LoginOf(in e)).Bytes("/Media/"u8).Int(e.MrdId);
            r.Bytes(" for "u8).Bytes(MessageNames[(int)e.Message]).Line();
        }
        var f = Finesse("INFO"u8, in e, callId: false, agentId: false, "COMMAND_POOL-1-worker-"u8, "c.c.f.c.CTIClient"u8)
            .Bytes("Sending "u8).Bytes(MessageNames[(int)e.Message]);
        Ids(f, in e).Bytes(" invokeId="u8).Int(invokeId).Line();
    }

    private void FinesseAgentEvent(in FlowEvent e)
    {
        if (!On(ComponentLog.WebServices, ComponentLogLevel.INFO)) return;
        var f = Finesse("INFO"u8, in e, callId: false, agentId: true, "EVENT_POOL-1-worker-"u8, "c.c.f.c.CTIEventHandler"u8)
            .Bytes("Received AGENT_EVENT"u8);
        Ids(f, in e).Bytes(" state="u8).Bytes(StateName(e.AgentState)).Bytes(" numTasks="u8).Int(e.NumTasks)
            .Bytes(" maxTaskLimit="u8).Int(e.MaxTaskLimit).Line();
        if (On(ComponentLog.WebServices, ComponentLogLevel.DEBUG))
            Finesse("DEBUG"u8, in e, callId: false, agentId: true, "EVENT_POOL-1-worker-"u8, "c.c.f.n.NotificationPublisher"u8)
                .Bytes("Publishing Media update to /finesse/api/User/"u8).Int(LoginOf(in e)).Bytes("/Media/"u8).Int(e.MrdId).Line();
    }

    private static DialogState? DialogStateAfter(MessageType m) => m switch
    {
        MessageType.AGENT_PRE_CALL_EVENT => DialogState.OFFERED,
        MessageType.OFFER_TASK_EVENT => DialogState.ACCEPTED,
        MessageType.START_TASK_EVENT => DialogState.ACTIVE,
        MessageType.RESUME_TASK_EVENT => DialogState.ACTIVE,
        MessageType.PAUSE_TASK_EVENT => DialogState.PAUSED,
        MessageType.WRAPUP_TASK_EVENT => DialogState.WRAPPING_UP,
        MessageType.END_TASK_EVENT => DialogState.CLOSED,
        MessageType.AGENT_PRE_CALL_ABORT_EVENT => DialogState.CLOSED,
        _ => null,
    };

    // AgentPeripheral -> Desktop: the CTI event as received, then the dialog it changes and its publication.
    private void FinesseTaskEvent(in FlowEvent e)
    {
        var level = e.Message is MessageType.AGENT_MADE_NOT_ROUTABLE_EVENT or MessageType.AGENT_PRE_CALL_ABORT_EVENT ? ComponentLogLevel.WARN : ComponentLogLevel.INFO;
        if (!On(ComponentLog.WebServices, level)) return;
        var tag = level == ComponentLogLevel.WARN ? "WARN"u8 : "INFO"u8;
        var f = Finesse(tag, in e, callId: false, agentId: false, "EVENT_POOL-1-worker-"u8, "c.c.f.c.CTIEventHandler"u8)
            .Bytes("Received "u8).Bytes(MessageNames[(int)e.Message]);
        Ids(f, in e);
        if (e.Disposition != Disposition.None) f.Bytes(" disposition="u8).Int((int)e.Disposition);
        f.Line();
        if (DialogStateAfter(e.Message) is not { } state || !HasTaskId(in e)) return;
        DialogId(Finesse(tag, in e, callId: true, agentId: true, "EVENT_POOL-1-worker-"u8, "c.c.f.d.DialogManager"u8).Bytes("Dialog "u8), in e)
            .Bytes(" state "u8).Bytes(DialogStates[(int)state]).Bytes(", mediaId "u8).Int(e.MrdId).Line();
        Finesse(tag, in e, callId: true, agentId: true, "EVENT_POOL-1-worker-"u8, "c.c.f.n.NotificationPublisher"u8)
            .Bytes("Publishing Dialog update to /finesse/api/User/"u8).Int(LoginOf(in e)).Bytes("/Dialogs"u8).Line();
    }

    private void FinesseFailure(in FlowEvent e)
    {
        if (!On(ComponentLog.WebServices, ComponentLogLevel.ERROR)) return;
        var f = Finesse("ERROR"u8, in e, callId: true, agentId: true, "EVENT_POOL-1-worker-"u8, "c.c.f.c.CTIEventHandler"u8)
            .Bytes("Received FAILURE_RESP"u8);
        Ids(f, in e).Bytes(" status="u8).Int((int)e.Status);
        if (e.Text is not null) f.Bytes(" text="u8).Text(e.Text);
        f.Line();
    }

    // Desktop -> Ccp: Finesse's REST call closing the contact in CCP.
    private void FinesseClose(in FlowEvent e)
    {
        if (!On(ComponentLog.WebServices, ComponentLogLevel.INFO)) return;
        var f = Finesse("INFO"u8, in e, callId: false, agentId: false, "SM-TASK-NOTIFIER-POOL-1"u8, "c.c.f.s.t.TaskNotifier"u8)
            .Bytes("Sending close request to CCP for SocialContact "u8).Guid(e.ContactId);
        Ids(f, in e).Bytes(" disposition="u8).Int((int)e.Disposition).Line();
        Finesse("INFO"u8, in e, callId: false, agentId: false, "SM-TASK-NOTIFIER-POOL-1"u8, "c.c.f.s.t.TaskNotifier"u8)
            .Bytes("CCP answered 200 for SocialContact "u8).Guid(e.ContactId).Line();
        Finesse("INFO"u8, in e, callId: false, agentId: false, "SM-TASK-NOTIFIER-POOL-1"u8, "c.c.f.s.t.TaskNotifier"u8)
            .Bytes("SocialContact "u8).Guid(e.ContactId).Bytes(" closed, status "u8).Bytes(StatusNames[(int)e.ContactStatus]).Line();
    }
}
