using Taskroute.Core.Flow;

namespace Taskroute.Logs;

// The CTI server: the ARM indications Finesse sends, as session lines
// ("Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x8a88 ..."), and the events it sends back.
public sealed partial class ComponentLogWriter
{
    private const int AgentPeripheralType = 4;
    private static readonly byte[][] MessageNames = [.. Enum.GetNames<MessageType>().Select(n => System.Text.Encoding.ASCII.GetBytes(n))];
    private int _invokeId;

    private LogFile Cti() => CtiPrefix(Entry(ComponentLog.CtiSvr));

    private LogFile CtiPrefix(LogFile f) => f.Bytes(_clock.Icm).Char(' ').Bytes(_ctiProcess).Bytes(" Trace: "u8);

    private LogFile CtiSession(LogFile f) => f.Bytes(_clock.Icm).Char(' ').Bytes(_ctiProcess).Bytes(" Session "u8).Int(_settings.CtiSessionId).Bytes(": "u8);

    private static ReadOnlySpan<byte> StateName(AgentState state) => state switch
    {
        AgentState.LOGIN => "LOGIN"u8,
        AgentState.LOGOUT => "LOGOUT"u8,
        AgentState.NOT_READY => "NOT_READY"u8,
        AgentState.RESERVED => "RESERVED"u8,
        AgentState.ACTIVE => "ACTIVE"u8,
        AgentState.PAUSED => "PAUSED"u8,
        AgentState.INTERRUPTED => "INTERRUPTED"u8,
        AgentState.NOT_ACTIVE => "NOT_ACTIVE"u8,
        AgentState.WORK => "WORK_READY"u8,
        _ => "UNKNOWN"u8,
    };

    private static bool IsTaskIndication(MessageType m) =>
        m is MessageType.OFFER_TASK_IND or MessageType.START_TASK_IND or MessageType.PAUSE_TASK_IND
            or MessageType.RESUME_TASK_IND or MessageType.WRAPUP_TASK_IND or MessageType.END_TASK_IND;

    private static ReadOnlySpan<byte> ProcessName(MessageType m) => m switch
    {
        MessageType.OFFER_TASK_IND => "ProcessOfferTaskInd"u8,
        MessageType.START_TASK_IND => "ProcessStartTaskInd"u8,
        MessageType.PAUSE_TASK_IND => "ProcessPauseTaskInd"u8,
        MessageType.RESUME_TASK_IND => "ProcessResumeTaskInd"u8,
        MessageType.WRAPUP_TASK_IND => "ProcessWrapupTaskInd"u8,
        _ => "ProcessEndTaskInd"u8,
    };

    // Desktop -> AgentPeripheral: what Finesse asked of the CTI server.
    private void CtiIndication(in FlowEvent e, int invokeId)
    {
        if (!On(ComponentLog.CtiSvr, ComponentLogLevel.INFO)) return;
        var f = Entry(ComponentLog.CtiSvr);
        CtiSession(f).Bytes("MsgType:"u8).Bytes(MessageNames[(int)e.Message]).Bytes(" (InvokeID:0x"u8).Hex(invokeId)
            .Bytes(" MRDID:"u8).Int(e.MrdId).Bytes(" ICMAgentID:"u8).Int(e.AgentId);
        if (!IsTaskIndication(e.Message))
        {
            f.Bytes(" AgentID:"u8).Int(e.LoginId);
            if (e.Message is MessageType.MEDIA_LOGIN_REQ or MessageType.CHANGE_MAX_TASK_LIMIT_REQ) f.Bytes(" MaxTaskLimit:"u8).Int(e.MaxTaskLimit);
            if (e.Message is MessageType.MAKE_AGENT_NOT_READY_REQ or MessageType.MEDIA_LOGOUT_IND) f.Bytes(" ReasonCode:"u8).Int(e.ReasonCode);
            f.Char(')').Line();
            return;
        }
        f.Line();
        // The session form of the task id runs straight into the next field, as ctisvr writes it.
        var end = e.Message == MessageType.END_TASK_IND;
        CtiSession(f).Bytes("TaskID:"u8).Int(e.TaskId.Day).Char('/').Int(e.TaskId.Key).Char('/').Int(e.TaskId.Sequence);
        if (end) f.Bytes("ICMDisposition:"u8).Int((int)e.Disposition).Bytes(" ApplicationDisposition:"u8).Int((int)e.Disposition).Char(')').Line();
        else f.Bytes("ARMSkillGroupID:"u8).Int(e.SkillGroupId).Bytes(" ARMServiceID:N/A)"u8).Line();
        if (!On(ComponentLog.CtiSvr, ComponentLogLevel.DEBUG)) return;
        if (end) CtiPrefix(f).Bytes("Decode string length error: element \"WrapupData\", strlen 0, fieldlen 2"u8).Line();
        CtiPrefix(f).Bytes(ProcessName(e.Message)).Bytes(" - sessionID "u8).Int(_settings.CtiSessionId).Line();
        CtiPrefix(f).Bytes("SendARMMsg: ARM_"u8).Bytes(MessageNames[(int)e.Message]).Bytes("-- InvokeID = "u8).Int(invokeId)
            .Bytes(", ClientInvokeID = "u8).Int(invokeId).Bytes(", MRDID = "u8).Int(e.MrdId).Bytes(", ICMAgentID = "u8).Int(e.AgentId)
            .Bytes(", TaskID = "u8);
        TaskIdColons(f, in e).Char(',');
        if (end) f.Bytes(" ICMDisposition = "u8).Int((int)e.Disposition).Bytes(", ApplicationDisposition = "u8).Int((int)e.Disposition).Line()
            .Bytes("WrapupData = , ApplicationData ="u8).Line();
        else f.Line().Bytes("SkillGroupID = "u8).Int(e.SkillGroupId).Bytes(", ServiceID = -1, SessionID = "u8).Int(_settings.CtiSessionId).Line();
    }

    private void CtiPreCall(in FlowEvent e)
    {
        if (!On(ComponentLog.CtiSvr, ComponentLogLevel.INFO)) return;
        Cti().Bytes("DEVICE_TARGET_PRE_CALL_IND - Instrument="u8).Int(e.LoginId).Bytes(" RouterCallKey="u8).Int(e.TaskId.Day).Char(' ')
            .Int(e.TaskId.Key).Bytes(" RouterCallKeySequenceNumber="u8).Int(e.TaskId.Sequence).Bytes(" MRDID="u8).Int(e.MrdId)
            .Bytes(" ICMAgentID="u8).Int(e.AgentId).Bytes(" SkillGroupID="u8).Int(e.SkillGroupId).Line();
    }

    private void CtiAgentEvent(in FlowEvent e)
    {
        if (!On(ComponentLog.CtiSvr, ComponentLogLevel.INFO)) return;
        var f = Cti().Bytes("AGENT_EVENT: ID="u8).Int(e.LoginId).Bytes(" Periph="u8).Int(_settings.AgentPeripheralId).Bytes(" Ext="u8).Int(e.LoginId)
            .Bytes(" Inst="u8).Int(e.LoginId).Bytes(" Sig=Finesse UniqueID="u8).Int(e.LoginId).Line();
        CtiPrefix(f).Bytes("MRDID="u8).Int(e.MrdId).Bytes(" ICMAgentID="u8).Int(e.AgentId).Bytes(" State="u8).Bytes(StateName(e.AgentState))
            .Bytes(" NumTasks="u8).Int(e.NumTasks).Bytes(" MaxTaskLimit="u8).Int(e.MaxTaskLimit).Bytes(" Routable="u8).Int(e.Routable ? 1 : 0)
            .Bytes(" ReasonCode="u8).Int(e.ReasonCode).Line();
    }

    // AgentPeripheral -> Desktop task events: three lines, the header, the ids, the service.
    private void CtiTaskEvent(in FlowEvent e)
    {
        var level = e.Message is MessageType.AGENT_MADE_NOT_ROUTABLE_EVENT or MessageType.AGENT_PRE_CALL_ABORT_EVENT ? ComponentLogLevel.WARN : ComponentLogLevel.INFO;
        if (!On(ComponentLog.CtiSvr, level)) return;
        var f = Entry(ComponentLog.CtiSvr);
        if (e.Message == MessageType.END_TASK_EVENT && On(ComponentLog.CtiSvr, ComponentLogLevel.DEBUG))
            CtiPrefix(f).Bytes("MDSIO::ProcessOPCMessage: received msgtype 97 (CTI_END_TASK_EVENT) ..."u8).Line();
        CtiPrefix(f).Bytes(MessageNames[(int)e.Message]);
        // ctisvr misspells two field names in START_TASK_EVENT; readers of real logs expect it.
        if (e.Message == MessageType.START_TASK_EVENT) f.Bytes(": PeripherlID="u8).Int(_settings.AgentPeripheralId).Bytes(" PeripherlType="u8);
        else f.Bytes(": PeripheralID="u8).Int(_settings.AgentPeripheralId).Bytes(" PeripheralType="u8);
        f.Int(AgentPeripheralType).Bytes(" MRDomainID="u8).Int(e.MrdId).Line();
        if (e.Message == MessageType.AGENT_MADE_NOT_ROUTABLE_EVENT)
        {
            CtiPrefix(f).Bytes("ICMAgentID="u8).Int(e.AgentId).Bytes(" ID="u8).Int(e.LoginId).Line();
            return;
        }
        CtiPrefix(f).Bytes("TaskID="u8);
        TaskIdColons(f, in e);
        if (e.Message == MessageType.END_TASK_EVENT)
        {
            f.Bytes(" PreviousTaskID=-1:-1:-1"u8).Line();
            CtiPrefix(f).Bytes("ICMAgentID="u8).Int(e.AgentId).Line();
            return;
        }
        f.Bytes(" ICMAgentID="u8).Int(e.AgentId).Bytes(" SkillGroupID="u8).Int(e.SkillGroupId).Line();
        CtiPrefix(f).Bytes("ServiceID=-1 ApplicationRouted"u8).Line();
    }

    private void CtiFailure(in FlowEvent e)
    {
        if (!On(ComponentLog.CtiSvr, ComponentLogLevel.ERROR)) return;
        var f = Cti().Bytes("FAILURE_RESP: InvokeID=0x"u8).Hex(_invokeId).Bytes(" Status="u8).Int((int)e.Status).Bytes(" ICMAgentID="u8).Int(e.AgentId)
            .Bytes(" MRDID="u8).Int(e.MrdId);
        if (HasTaskId(in e)) TaskIdColons(f.Bytes(" TaskID="u8), in e);
        if (e.Text is not null) f.Bytes(" Text="u8).Text(e.Text);
        f.Line();
    }
}
