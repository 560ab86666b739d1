using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Logs;

// The router: one line per call event, prefixed with the dialogue as "(4 x 0 : 0 0)" and naming
// the call by its RouterCallKey, CID=(day,key); and the agent state changes the PG reports.
public sealed partial class ComponentLogWriter
{
    private readonly Dictionary<long, RouterAgentView> _routerAgents = [];

    private LogFile Router(int dialogueId)
    {
        var f = Entry(ComponentLog.Rtr).Bytes(_clock.Icm).Char(' ').Bytes(_routerProcess).Bytes(" Trace: "u8);
        return dialogueId == 0 ? f : f.Char('(').Int(dialogueId).Bytes(" x 0 : 0 0) "u8);
    }

    private LogFile RouterMore(LogFile f) => f.Bytes(_clock.Icm).Char(' ').Bytes(_routerProcess).Bytes(" Trace: "u8);

    private static LogFile Cid(LogFile f, IcmTaskId id) =>
        id.IsNone || id == default ? f.Bytes("CID=(-1,-1)"u8) : f.Bytes("CID=("u8).Int(id.Day).Char(',').Int(id.Key).Char(')');

    private void RouterNewCall(in FlowEvent e, IcmTaskId taskId)
    {
        if (!On(ComponentLog.Rtr, ComponentLogLevel.INFO)) return;
        Cid(Router(e.DialogueId).Bytes("NewCall: "u8), taskId).Bytes(", DN="u8).Text(e.ScriptSelector).Bytes(", ANI="u8).Guid(e.ContactId).Line();
    }

    private void RouterQueued(in FlowEvent e)
    {
        if (!On(ComponentLog.Rtr, ComponentLogLevel.INFO)) return;
        var f = Cid(Router(e.DialogueId), e.TaskId).Char(':').Text(e.ScriptSelector).Bytes(":Step 1 queuing call to "u8);
        if (e.PrecisionQueueId != 0) f.Bytes("PrecisionQueue "u8).Int(e.PrecisionQueueId);
        else f.Bytes("SkillGroup "u8).Int(e.SkillGroupId);
        f.Bytes(", Priority="u8).Int(e.Priority).Bytes(", MRDID="u8).Int(e.MrdId);
        if (e.Text is not null) f.Bytes(", Reason="u8).Text(e.Text);
        f.Line();
    }

    private void RouterPreCall(in FlowEvent e)
    {
        if (!On(ComponentLog.Rtr, ComponentLogLevel.INFO)) return;
        var f = Cid(Router(e.DialogueId), e.TaskId).Char(':').Text(e.ScriptSelector).Bytes(":Step 1 sending call to Agent "u8).Int(e.AgentId)
            .Bytes(", SkillGroup="u8).Int(e.SkillGroupId).Bytes(", Rule="u8).Text(RuleNames[(int)e.Rule]).Bytes(", Candidates="u8).Int(e.Candidates).Line();
        Cid(Router(e.DialogueId).Bytes("DeviceTargetPreCall_V14: "u8), e.TaskId).Bytes(", PerID="u8).Int(_settings.AgentPeripheralId)
            .Bytes(", PQID="u8).Int(e.PrecisionQueueId).Bytes(", SkillGroupID="u8).Int(e.SkillGroupId).Bytes(", AgentID="u8).Int(e.AgentId)
            .Bytes(", MRDID="u8).Int(e.MrdId).Bytes(", TaskID="u8);
        TaskIdColons(f, in e).Line();
        RouterMore(f).Bytes("DN="u8).Text(e.ScriptSelector).Bytes(", ANI="u8).Guid(e.ContactId).Bytes(", CED="u8).Guid(e.ContactId, upperHex: true).Line();
        if (!On(ComponentLog.Rtr, ComponentLogLevel.DEBUG)) return;
        RouterMore(f).Bytes("RCKSeqNum="u8).Int(e.TaskId.Sequence - 1).Bytes(", DelayQTime=0, DelayRouterTime=0, SGDelayQTime=0"u8).Line();
        RouterMore(f).Bytes("CallGUID=, CustomrID=1 ServiceRequested=0"u8).Line();
        RouterMore(f).Bytes("LocationParamPKID=, LocationParamName=, SIPHeader="u8).Line();
        RouterMore(f).Bytes("NIC_CalledPartyNumber="u8).Text(e.ScriptSelector).Bytes(" ECCPayloadID=1"u8).Line();
        RouterMore(f).Bytes("OrigRCCallID{PhyCtrlID=0, RCID=0, DlgID=0x0} OrigOperationType=0"u8).Line();
    }

    private static readonly string[] RuleNames = Enum.GetNames<RoutingRule>();

    private void RouterConnect(in FlowEvent e)
    {
        if (!On(ComponentLog.Rtr, ComponentLogLevel.INFO)) return;
        var f = Cid(Router(e.DialogueId).Bytes("Connect: "u8), e.TaskId).Bytes(", EventSelect=0x0, ServiceType=0"u8).Line();
        if (On(ComponentLog.Rtr, ComponentLogLevel.DEBUG)) f.Bytes(_clock.Icm).Char(' ').Bytes(_routerProcess).Bytes(" Trace: ("u8).Int(e.DialogueId).Bytes(" x 0 : 0 0) Deleting Dialog."u8).Line();
    }

    private void RouterRelease(in FlowEvent e, IcmTaskId taskId)
    {
        if (!On(ComponentLog.Rtr, ComponentLogLevel.WARN)) return;
        var f = Cid(Router(e.DialogueId).Bytes("ReleaseCall: "u8), taskId);
        if (e.Text is not null) f.Bytes(", Reason="u8).Text(e.Text);
        f.Line();
    }

    private void RouterRouteEnd(in FlowEvent e)
    {
        if (!On(ComponentLog.Rtr, ComponentLogLevel.WARN)) return;
        var f = Cid(Router(e.DialogueId).Bytes("RouteEnd: "u8), e.TaskId).Bytes(", ErrorCode="u8).Int((int)e.Disposition);
        if (e.Text is not null) f.Bytes(", Reason="u8).Text(e.Text);
        f.Line();
    }

    private void RouterRequeue(in FlowEvent e)
    {
        if (!On(ComponentLog.Rtr, ComponentLogLevel.INFO)) return;
        var f = Cid(Router(e.DialogueId).Bytes("RequeueCall: "u8), e.TaskId).Bytes(", TaskID="u8);
        TaskIdColons(f, in e).Bytes(", Agent="u8).Int(e.AgentId).Bytes(", MRDID="u8).Int(e.MrdId);
        if (e.Text is not null) f.Bytes(", Reason="u8).Text(e.Text);
        f.Line();
    }

    // The PG's AGENT_EVENT is the state change the router hears about: "Agent 5172 from PG domain 5011. [..] to [..]".
    private void RouterAgentState(in FlowEvent e)
    {
        var key = ((long)e.AgentId << 32) | (uint)e.MrdId;
        var now = RouterAgentView.Of(in e);
        var before = _routerAgents.TryGetValue(key, out var known) ? known : RouterAgentView.SignedOut;
        if (e.AgentState == AgentState.LOGOUT) _routerAgents.Remove(key);
        else _routerAgents[key] = now;
        if (!On(ComponentLog.Rtr, ComponentLogLevel.INFO)) return;
        var f = Router(0).Bytes("Agent "u8).Int(e.AgentId).Bytes(" from PG domain "u8).Int(e.MrdId).Bytes(". "u8);
        before.WriteTo(f);
        f.Bytes(" to "u8);
        now.WriteTo(f);
        f.Line();
    }

    // AGENT_UPDATE is Taskroute's own message (what the router may route to the agent); TRACE only.
    private void RouterAgentUpdate(in FlowEvent e)
    {
        if (!On(ComponentLog.Rtr, ComponentLogLevel.TRACE)) return;
        Router(0).Bytes("AgentUpdate: Agent "u8).Int(e.AgentId).Bytes(" from PG domain "u8).Int(e.MrdId).Bytes(", Availability="u8)
            .Int((int)e.Availability).Bytes(", NumTasks="u8).Int(e.NumTasks).Bytes(", MaxTaskLimit="u8).Int(e.MaxTaskLimit)
            .Bytes(", FreedTask="u8).Int(e.Task).Line();
    }

    // TIMER_EXPIRED goes to the log of the module whose deadline passed.
    private void TimerExpired(in FlowEvent e)
    {
        var component = e.To switch
        {
            Module.Router => ComponentLog.Rtr,
            Module.AgentPeripheral => ComponentLog.CtiSvr,
            Module.MediaRouting => ComponentLog.Pim,
            _ => (ComponentLog)255,
        };
        if ((int)component == 255 || !On(component, ComponentLogLevel.INFO)) return;
        var process = component switch { ComponentLog.Rtr => _routerProcess, ComponentLog.CtiSvr => _ctiProcess, _ => _pimProcess };
        var f = Entry(component).Bytes(_clock.Icm).Char(' ').Bytes(process).Bytes(" Trace: "u8);
        if (e.DialogueId != 0) f.Char('(').Int(e.DialogueId).Bytes(" x 0 : 0 0) "u8);
        f.Bytes("TimerExpired: "u8).Text(e.Text);
        if (HasTaskId(in e)) TaskIdColons(f.Bytes(", TaskID="u8), in e);
        if (e.AgentId != 0) f.Bytes(", ICMAgentID="u8).Int(e.AgentId);
        if (e.MrdId != 0) f.Bytes(", MRDID="u8).Int(e.MrdId);
        f.Line();
    }
}
