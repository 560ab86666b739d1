using Taskroute.Core.Flow;

namespace Taskroute.Logs;

// The MR PIM: the MR protocol's messages dumped field by field, one field a line, after a line
// that says the direction (Application->PG: / PG->Application:), and the PIM's dialogue with the router.
public sealed partial class ComponentLogWriter
{
    // The MR protocol's fixed part, so the Length line grows with the strings as the real one does.
    private const int NewTaskFixedBytes = 112;
    private const int DoThisFixedBytes = 128;
    private const int StringOverhead = 3;

    private LogFile PimHeader(ReadOnlySpan<byte> direction) =>
        Entry(ComponentLog.Pim).Bytes(_clock.Icm).Char(' ').Bytes(_pimProcess).Bytes(" Trace: "u8).Bytes(direction).Line();

    private static LogFile Field(LogFile f, ReadOnlySpan<byte> name, int value) =>
        f.Bytes(name).Bytes(" = ("u8).Int(value).Bytes(") Hex "u8).Hex8(value).Line();

    private static LogFile FieldOrUndefined(LogFile f, ReadOnlySpan<byte> name, int value) =>
        value == 0 ? f.Bytes(name).Bytes(" = Undefined"u8).Line() : Field(f, name, value);

    private static int Utf8Length(string? text) => text is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(text);

    private void PimNewTask(in FlowEvent e, int dialogueId)
    {
        if (!On(ComponentLog.Pim, ComponentLogLevel.INFO)) return;
        var data = e.Data;
        var length = NewTaskFixedBytes + Utf8Length(e.ScriptSelector) + 36 + 32 + 3 * StringOverhead;
        var f = PimHeader("Application->PG:"u8);
        f.Bytes("Message = NEW_TASK; Length = "u8).Int(length).Bytes(" bytes"u8).Line();
        FieldOrUndefined(f, "DialogueID"u8, dialogueId);
        Field(f, "SendSeqNo"u8, 1);
        f.Bytes("MRDomainID = Undefined"u8).Line();
        f.Bytes("PreviousTask = "u8).Text(data is null || data.PreviousTask.IsNone ? "-1:-1:-1" : data.PreviousTask.ToString()).Line();
        FieldOrUndefined(f, "PreferredAgent"u8, data?.PreferredAgentId ?? 0);
        Field(f, "Service"u8, 0);
        Field(f, "CiscoReserved"u8, 0);
        f.Bytes("ScriptSelector: "u8).Text(e.ScriptSelector).Line();
        f.Bytes("ApplicationString1: "u8).Guid(e.ContactId).Line();
        f.Bytes("ApplicationString2: "u8).Guid(e.ContactId, upperHex: true).Line();
        if (data is not null)
        {
            for (var v = 0; v < data.CallVariables.Count; v++)
                if (data.CallVariables[v] is { } value) f.Bytes("CallVariable"u8).Int(v + 1).Bytes(": "u8).Text(value).Line();
            for (var v = 0; v < data.EccVariables.Count; v++)
                f.Bytes("ECC user_"u8).Text(data.EccVariables[v].Key).Bytes(": "u8).Text(data.EccVariables[v].Value).Line();
        }
        Field(f, "ServiceRequested"u8, 0);
    }

    private void PimCancel(in FlowEvent e, int dialogueId)
    {
        if (!On(ComponentLog.Pim, ComponentLogLevel.INFO)) return;
        var f = PimHeader("Application->PG:"u8);
        f.Bytes("Message = CANCEL_TASK; Length = 16 bytes"u8).Line();
        FieldOrUndefined(f, "DialogueID"u8, dialogueId);
        Field(f, "SendSeqNo"u8, 2);
        f.Bytes("ApplicationString1: "u8).Guid(e.ContactId).Line();
    }

    private void PimDoThisWithTask(in FlowEvent e)
    {
        if (!On(ComponentLog.Pim, ComponentLogLevel.INFO)) return;
        var agentDigits = e.AgentId == 0 ? 0 : (int)Math.Floor(Math.Log10(e.AgentId)) + 1;
        var f = PimHeader("PG->Application:"u8);
        f.Bytes("Message = DO_THIS_WITH_TASK; Length = "u8).Int(DoThisFixedBytes + agentDigits + StringOverhead).Bytes(" bytes"u8).Line();
        FieldOrUndefined(f, "DialogueID"u8, e.DialogueId);
        Field(f, "SendSeqNo"u8, 1);
        // The PIM pads the sequence number to two places: "154526:37051928: 1".
        f.Bytes("IcmTaskID = "u8).Int(e.TaskId.Day).Char(':').Int(e.TaskId.Key).Char(':');
        if (e.TaskId.Sequence < 10) f.Char(' ');
        f.Int(e.TaskId.Sequence).Line();
        FieldOrUndefined(f, "SkillGroup"u8, e.SkillGroupId);
        f.Bytes("Service = Undefined"u8).Line();
        FieldOrUndefined(f, "Agent"u8, e.AgentId);
        f.Bytes("AgentInfo: "u8).Int(e.AgentId).Line();
        f.Bytes("Label:"u8).Line();
        f.Bytes("ApplicationString2:"u8).Line();
        FieldOrUndefined(f, "MRDID"u8, e.MrdId);
        Field(f, "Interruptible"u8, _settings.NonInterruptibleMrds.Contains(e.MrdId) ? 0 : 1);
    }

    private void PimFailure(in FlowEvent e)
    {
        if (!On(ComponentLog.Pim, ComponentLogLevel.WARN)) return;
        var f = PimHeader("PG->Application:"u8);
        f.Bytes("Message = NEW_TASK_FAILURE_EVENT; Length = 16 bytes"u8).Line();
        FieldOrUndefined(f, "DialogueID"u8, e.DialogueId);
        Field(f, "SendSeqNo"u8, 1);
        Field(f, "FailureCode"u8, (int)e.Disposition);
        if (HasTaskId(in e)) TaskIdColons(f.Bytes("IcmTaskID = "u8), in e).Line();
    }

    private LogFile PimRouterLine(ReadOnlySpan<byte> title) =>
        Entry(ComponentLog.Pim).Bytes(_clock.Icm).Char(' ').Bytes(_pimProcess).Bytes(" Trace: "u8).Bytes(title).Line();

    private LogFile PimIds(LogFile f, ReadOnlySpan<byte> message, int dialogueId) =>
        f.Bytes(message).Bytes(" RCID="u8).Int(_settings.RoutingClientId).Bytes(" PID="u8).Int(_settings.MediaRoutingPeripheralId)
            .Bytes(" DID="u8).Int(dialogueId);

    private void PimNewCall(in FlowEvent e)
    {
        if (!On(ComponentLog.Pim, ComponentLogLevel.INFO)) return;
        var f = PimRouterLine("Send INRCMSGNewCall to Router : :"u8);
        PimIds(f, "NEW_CALL"u8, e.DialogueId).Bytes(" DIDRelSeq#=1 GrpDelKey="u8).Int(_settings.RoutingClientId)
            .Bytes(" CRS(RtrDate=-1,RtrCID=-1) RCKSeq#=-1 NICCallID=-1 DN="u8).Text(e.ScriptSelector)
            .Bytes(" ANI="u8).Guid(e.ContactId).Line();
    }

    private void PimConnect(in FlowEvent e)
    {
        if (!On(ComponentLog.Pim, ComponentLogLevel.INFO)) return;
        var f = PimRouterLine("MR_Peripheral::On_Router_Connect:"u8);
        PimIds(f, "CONNECT"u8, e.DialogueId).Bytes(" DIDRelSeq#=0 CRS(RtrDate="u8).Int(e.TaskId.Day).Bytes(",RtrCID="u8).Int(e.TaskId.Key)
            .Bytes(") RCKSeq#="u8).Int(e.TaskId.Sequence - 1).Bytes(" ErrorCode=0"u8).Line();
    }

    private void PimRelease(in FlowEvent e)
    {
        if (!On(ComponentLog.Pim, ComponentLogLevel.WARN)) return;
        var f = PimRouterLine("Send INRCMSGReleaseCall to Router : :"u8);
        PimIds(f, "RELEASE_CALL"u8, e.DialogueId).Bytes(" ANI="u8).Guid(e.ContactId).Line();
    }

    private void PimRouteEnd(in FlowEvent e)
    {
        if (!On(ComponentLog.Pim, ComponentLogLevel.WARN)) return;
        var f = PimRouterLine("MR_Peripheral::On_Router_RouteEnd:"u8);
        PimIds(f, "ROUTE_END"u8, e.DialogueId);
        if (HasTaskId(in e)) f.Bytes(" CRS(RtrDate="u8).Int(e.TaskId.Day).Bytes(",RtrCID="u8).Int(e.TaskId.Key).Char(')');
        f.Bytes(" ErrorCode="u8).Int((int)e.Disposition).Line();
    }

    private static LogFile TaskIdColons(LogFile f, in FlowEvent e) =>
        f.Int(e.TaskId.Day).Char(':').Int(e.TaskId.Key).Char(':').Int(e.TaskId.Sequence);
}
