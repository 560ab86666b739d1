namespace Taskroute.Analyzer.Tests;

/// <summary>
/// Logs of a chat task (MRD 5011, task 152044:88731:1, April 14, 2017) worked by agent
/// 5172 (login 1234): the ICM logs, undated and without a dumplog header, and Finesse's Cisco Log
/// lines, which midway log the agent's voice states (reserved for a call, then talking) in
/// CTIAgentStateEvent lines that name no MRD.
/// </summary>
internal static class VoiceMidTaskLogs
{
    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    public static readonly (string Name, string Text)[] Icm =
    [
        ("ctisvr.log", Lines(
            "14:01:17:115 cg3A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=1234 RouterCallKey=152044 88731",
            "14:01:25:000 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x8a88 MRDID:5011 ICMAgentID:5172",
            "14:01:25:000 cg3A-ctisvr Session 3: TaskID:152044/88731/1ARMSkillGroupID:5199 ARMServiceID:N/A)",
            "14:01:25:000 cg3A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011",
            "14:01:25:000 cg3A-ctisvr Trace: TaskID=152044:88731:1 ICMAgentID=5172 SkillGroupID=5199",
            "14:01:40:490 cg3A-ctisvr Session 3: MsgType:START_TASK_IND (InvokeID:0x8b47 MRDID:5011 ICMAgentID:5172",
            "14:01:40:490 cg3A-ctisvr Session 3: TaskID:152044/88731/1ARMSkillGroupID:5199 ARMServiceID:N/A)",
            "14:01:40:490 cg3A-ctisvr Trace: START_TASK_EVENT: PeripherlID=5000 PeripherlType=4 MRDomainID=5011",
            "14:01:40:490 cg3A-ctisvr Trace: TaskID=152044:88731:1 ICMAgentID=5172 SkillGroupID=5199",
            "14:03:02:590 cg3A-ctisvr Session 3: MsgType:END_TASK_IND (InvokeID:0x8c2c MRDID:5011 ICMAgentID:5172",
            "14:03:02:590 cg3A-ctisvr Session 3: TaskID:152044/88731/1ICMDisposition:38 ApplicationDisposition:38",
            "14:03:02:590 cg3A-ctisvr Trace: END_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011",
            "14:03:02:590 cg3A-ctisvr Trace: TaskID=152044:88731:1 PreviousTaskID=-1:-1:-1")),
        ("pim.log", Lines(
            "14:00:58:500 PG2A-pim3 Trace: [  4900]Application->PG:",
            "Message = NEW_TASK; Length = 201 bytes",
            "   DialogueID = (7) Hex 00000007",
            "   SendSeqNo = (1) Hex 00000001",
            "   MRDomainID = (5011) Hex 00001393",
            "   PreviousTask = -1:-1:-1",
            "   PreferredAgent = Undefined",
            "   ScriptSelector: CumulusTask",
            "   ApplicationString1: 5b1e0a3c-8f2d-4e61-9a77-0c2d4b6e8f11",
            "14:00:58:500 PG2A-pim3 Trace: Send INRCMSGNewCall to Router : :",
            "NEW_CALL RCID=5004 PID=5001 DID=7 DIDRelSeq#=1 GrpDelKey=5004 CRS(RtrDate=-1,RtrCID=-1) RCKSeq#=-1 NICC",
            "14:01:17:120 PG2A-pim3 Trace: MR_Peripheral::On_Router_Connect:",
            "CONNECT RCID=5004 PID=5001 DID=7 DIDRelSeq#=0 CRS(RtrDate=152044,RtrCID=88731) RCKSeq#=0 ErrorCode=0",
            "14:01:17:120 PG2A-pim3 Trace: [  5356]PG->Application:",
            "Message = DO_THIS_WITH_TASK; Length = 135 bytes",
            "   DialogueID = (7) Hex 00000007",
            "   SendSeqNo = (1) Hex 00000001",
            "   IcmTaskID = 152044:88731: 1",
            "   SkillGroup = (5199) Hex 0000144f",
            "   Agent = (5172) Hex 00001434",
            "   MRDID = (5011) Hex 00001393")),
        ("rtr.log", Lines(
            "14:00:58:510 ra-rtr Trace: (7 x 0 : 0 0) NewCall: CID=(152044,88731), DN=CumulusTask, ANI=5b1e0a3c-8f2d-4e61-9a77-0c2d4b6e8f11",
            "14:00:58:510 ra-rtr Trace: (7 x 0 : 0 0) CID=(152044,88731):CumulusTask:Step 1 Queue to skill group",
            "14:01:17:110 ra-rtr Trace: (7 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(152044,88731), PerID=5000, PQ",
            "14:01:17:110 ra-rtr Trace: (7 x 0 : 0 0) Connect: CID=(152044,88731), EventSelect=0x0, ServiceType=0",
            "14:01:17:110 ra-rtr Trace: (7 x 0 : 0 0) Deleting Dialog.")),
    ];

    public static readonly string Finesse = Lines(
        "0051203603: 10.106.81.82: Apr 14 2017 14:01:17.196 -0700: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIAgentStateEvent [skillGroupState=7 (BUSY_OTHER), stateDuration=0, skillGroupNumber=29808, skillGroupPriority=0, agentState=8 (RESERVED), eventReasonCode=0, numFltSkillGroups=0, CTIClientSignature=Finesse, agentID=1234, agentExtension=1234, agentInstrument=1234, agentID_Long=null, duration=null, nextAgentState=null, fltSkillGroupNumberList=[], fltSkillGroupIDList=[], fltSkillGroupPriorityList=[], fltSkillGroupStateList=[], mrdID=5011, numTasks=0, agentMode=1, maxTaskLimit=1, icmAgentID=5172]]",
        "0051203650: 10.106.81.82: Apr 14 2017 14:01:25.010 -0700: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIOfferTaskEvent [peripheralID=5000, peripheralType=4, mrdID=5011, taskID=152044:88731:1, icmAgentID=5172, skillGroupID=5199, serviceID=2671908]]",
        "0051203700: 10.106.81.82: Apr 14 2017 14:01:40.500 -0700: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIStartTaskEvent [peripheralID=5000, peripheralType=4, mrdID=5011, taskID=152044:88731:1, icmAgentID=5172, skillGroupID=5199, serviceID=2671908]]",
        "0051203720: 10.106.81.82: Apr 14 2017 14:02:10.196 -0700: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIAgentStateEvent [skillGroupState=7 (BUSY_OTHER), stateDuration=0, skillGroupNumber=29808, skillGroupPriority=0, agentState=8 (RESERVED), eventReasonCode=0, numFltSkillGroups=0, CTIClientSignature=Finesse, agentID=1234, agentExtension=1234, agentInstrument=1234, agentID_Long=null, duration=null, nextAgentState=null, fltSkillGroupNumberList=[], fltSkillGroupIDList=[], fltSkillGroupPriorityList=[], fltSkillGroupStateList=[]]]",
        "0051203721: 10.106.81.82: Apr 14 2017 14:02:12.500 -0700: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIAgentStateEvent [skillGroupState=4 (TALKING), stateDuration=0, skillGroupNumber=29808, skillGroupPriority=0, agentState=4 (TALKING), eventReasonCode=0, numFltSkillGroups=0, CTIClientSignature=Finesse, agentID=1234, agentExtension=1234, agentInstrument=1234, agentID_Long=null, duration=null, nextAgentState=null, fltSkillGroupNumberList=[], fltSkillGroupIDList=[], fltSkillGroupPriorityList=[], fltSkillGroupStateList=[]]]",
        "0051203790: 10.106.81.82: Apr 14 2017 14:03:02.600 -0700: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIEndTaskEvent [peripheralID=5000, peripheralType=4, mrdID=5011, taskID=152044:88731:1, previousTaskID=-1:-1:-1, icmAgentID=5172]]");
}
