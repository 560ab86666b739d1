namespace Taskroute.Analyzer.Tests;

/// <summary>
/// Hand-written logs in the seed's formats: two tasks interleaved across the seven components,
/// with noise, cut lines and a header. Task X (154600:100:1) is handled by agent 5180 (login 1090);
/// task Y (154600:101:1) is reserved for agent 5181 (login 1091), RONAs, goes to agent 5180 and
/// the logs end before it does.
/// </summary>
internal static class InterleavedLogs
{
    public const string ContactX = "11111111-2222-4333-8444-555555555555";
    public const string ContactY = "66666666-7777-4888-8999-aaaaaaaaaaaa";

    public static readonly Dictionary<string, string> Files = new()
    {
        ["ctisvr/ctisvr.log"] = """
            Events from January 30, 2024
            10:00:00:100 cg3A-ctisvr Trace: AGENT_EVENT: ID=1090 Periph=5000 Ext=1090 Inst=1090 Sig=Finesse UniqueInstID= SGSt=LOGIN SGDur=0 St=NOT_ACTIVE Dur=0 Reason=0 MRDID=5011 NumTasks=0 MaxTaskLimit=3 MaxBeyondTaskLimit=0
            10:00:00:200 cg3A-ctisvr Trace: AGENT_EVENT: ID=1091 Periph=5000 Ext=1091 Inst=1091 Sig=Finesse UniqueInstID= SGSt=LOGIN SGDur=0 St=NOT_ACTIVE Dur=0 Reason=0 MRDID=5011 NumTasks=0 MaxTaskLimit=3 MaxBeyondTaskLimit=0
            10:00:05:010 cg3A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=1090 RouterCallKey=154600 100 RouterCallKeySequenceNumber=1 MRDID=5011
            10:00:05:010 cg3A-ctisvr Trace: AGENT_EVENT: ID=1090 Periph=5000 Ext=1090 Inst=1090 Sig=Finesse UniqueInstID= SGSt=LOGIN SGDur=0 St=RESERVED Dur=0 Reason=0 MRDID=5011 NumTasks=1 MaxTaskLimit=3 MaxBeyondTaskLimit=0
            10:00:06:020 cg3A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=1091 RouterCallKey=154600 101 RouterCallKeySequenceNumber=1 MRDID=5011
            10:00:06:020 cg3A-ctisvr Trace: AGENT_EVENT: ID=1091 Periph=5000 Ext=1091 Inst=1091 Sig=Finesse UniqueInstID= SGSt=LOGIN SGDur=0 St=RESERVED Dur=0 Reason=0 MRDID=5011 NumTasks=1 MaxTaskLimit=3 MaxBeyondTaskLimit=0
            10:00:07:000 cg3A-ctisvr Trace: Heartbeat from CTI client session 3
            this line is noise
            10:00:09:500 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x10 MRDID:5011 ICMAgentID:5180 )
            10:00:09:500 cg3A-ctisvr Session 3: TaskID:154600/100/1ARMSkillGroupID:5199 ARMServiceID:N/A)
            10:00:09:500 cg3A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011
            10:00:09:500 cg3A-ctisvr Trace: TaskID=154600:100:1 ICMAgentID=5180 SkillGroupID=5199
            10:00:12:000 cg3A-ctisvr Session 3: MsgType:START_TASK_IND (InvokeID:0x11 MRDID:5011 ICMAgentID:5180 )
            10:00:12:000 cg3A-ctisvr Session 3: TaskID:154600/100/1ARMSkillGroupID:5199 ARMServiceID:N/A)
            10:00:12:000 cg3A-ctisvr Trace: AGENT_EVENT: ID=1090 Periph=5000 Ext=1090 Inst=1090 Sig=Finesse UniqueInstID= SGSt=LOGIN SGDur=0 St=ACTIVE Dur=0 Reason=0 MRDID=5011 NumTasks=1 MaxTaskLimit=3 MaxBeyondTaskLimit=0
            10:00:12:000 cg3A-ctisvr Trace: START_TASK_EVENT: PeripherlID=5000 PeripherlType=4 MRDomainID=5011
            10:00:12:000 cg3A-ctisvr Trace: TaskID=154600:100:1 ICMAgentID=5180 SkillGroupID=5199
            10:00:36:020 cg3A-ctisvr Trace: AGENT_EVENT: ID=1091 Periph=5000 Ext=1091 Inst=1091 Sig=Finesse UniqueInstID= SGSt=LOGIN SGDur=0 St=NOT_ACTIVE Dur=0 Reason=0 MRDID=5011 NumTasks=0 MaxTaskLimit=3 MaxBeyondTaskLimit=0
            10:00:36:030 cg3A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=1090 RouterCallKey=154600 101 RouterCallKeySequenceNumber=2 MRDID=5011
            10:00:40:000 cg3A-ctisvr Session 3: MsgType:END_TASK_IND (InvokeID:0x12 MRDID:5011 ICMAgentID:5180 )
            10:00:40:000 cg3A-ctisvr Session 3: TaskID:154600/100/1ICMDisposition:38 ApplicationDisposition:38
            10:00:40:000 cg3A-ctisvr Trace: AGENT_EVENT: ID=1090 Periph=5000 Ext=1090 Inst=1090 Sig=Finesse UniqueInstID= SGSt=LOGIN SGDur=0 St=RESERVED Dur=0 Reason=0 MRDID=5011 NumTasks=1 MaxTaskLimit=3 MaxBeyondTaskLimit=0
            10:00:40:000 cg3A-ctisvr Trace: END_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011
            10:00:40:000 cg3A-ctisvr Trace: TaskID=154600:100:1 PreviousTaskID=-1:-1:-1
            10:00:40:000 cg3A-ctisvr Trace: ICMAgentID=5180
            10:00:41:000 cg3A-ctisvr Session 3: MsgType:OFFER_TA
            """,
        ["pim/PG2A-pim3_240130_1000.log"] = """
            10:00:05:000 PG2A-pim3 Trace: Application->PG:
            Message = NEW_TASK; Length = 201 bytes
            DialogueID = (7) Hex 00000007
            ScriptSelector: CumulusTask
            ApplicationString1: 11111111-2222-4333-8444-555555555555
            10:00:05:000 PG2A-pim3 Trace: Send INRCMSGNewCall to Router : :
            NEW_CALL RCID=5004 PID=5001 DID=7 DIDRelSeq#=1 GrpDelKey=5004 CRS(RtrDate=-1,RtrCID=-1) RCKSeq#=-1 NICC
            10:00:06:000 PG2A-pim3 Trace: Application->PG:
            Message = NEW_TASK; Length = 201 bytes
            DialogueID = (8) Hex 00000008
            ScriptSelector: CumulusTask
            ApplicationString1: 66666666-7777-4888-8999-aaaaaaaaaaaa
            10:00:05:010 PG2A-pim3 Trace: MR_Peripheral::On_Router_Connect:
            CONNECT RCID=5004 PID=5001 DID=7 DIDRelSeq#=0 CRS(RtrDate=154600,RtrCID=100) RCKSeq#=0 ErrorCode=0
            10:00:05:010 PG2A-pim3 Trace: PG->Application:
            Message = DO_THIS_WITH_TASK; Length = 135 bytes
            DialogueID = (7) Hex 00000007
            IcmTaskID = 154600:100: 1
            SkillGroup = (5199) Hex 0000144f
            Agent = (5180) Hex 0000143c
            MRDID = (5011) Hex 00001393
            10:00:06:020 PG2A-pim3 Trace: PG->Application:
            Message = DO_THIS_WITH_TASK; Length = 135 bytes
            DialogueID = (8) Hex 00000008
            IcmTaskID = 154600:101: 1
            SkillGroup = (5199) Hex 0000144f
            Agent = (5181) Hex 0000143d
            MRDID = (5011) Hex 00001393
            10:00:36:030 PG2A-pim3 Trace: PG->Application:
            Message = DO_THIS_WITH_TASK; Length = 135 bytes
            DialogueID = (8) Hex 00000008
            IcmTaskID = 154600:101: 2
            Agent = (5180) Hex 0000143c
            MRDID = (5011) Hex 00001393
            10:00:37:000 PG2A-pim3 Trace: PG->Applic
            """,
        ["rtr/rtr.log"] = """
            Events from January 30, 2024
            10:00:05:005 ra-rtr Trace: (7 x 0 : 0 0) NewCall: CID=(154600,100), DN=CumulusTask, ANI=11111111-2222-4333-8444-555555555555
            10:00:05:008 ra-rtr Trace: (7 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154600,100), PerID=5000, PQ
            10:00:05:008 ra-rtr Trace: (7 x 0 : 0 0) Connect: CID=(154600,100), EventSelect=0x0, ServiceType=0
            10:00:06:005 ra-rtr Trace: (8 x 0 : 0 0) NewCall: CID=(154600,101), DN=CumulusTask, ANI=6666
            10:00:06:015 ra-rtr Trace: (8 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154600,101), PerID=5000, PQ
            10:00:06:015 ra-rtr Trace: (8 x 0 : 0 0) Connect: CID=(154600,101), EventSelect=0x0, ServiceType=0
            10:00:36:025 ra-rtr Trace: (8 x 0 : 0 0) RequeueCall: CID=(154600,101), TaskID=154600:101:1, Agent=5181, MRDID=5011, Reason=RONA
            10:00:36:028 ra-rtr Trace: (8 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154600,101), PerID=5000, PQ
            10:00:36:028 ra-rtr Trace: (8 x 0 : 0 0) Connect: CID=(154600,101), EventSelect=0x0, ServiceType=0
            10:00:36:0
            """,
        ["webservices/desktop-webservices.log"] = """
            1: [INFO]: [call-id] [agent-id]: [Jan 30 2024 10:00:09.510 -0500]: [COMMAND_POOL-1-worker-1]: [c.c.f.c.CTIClient]: Sending OFFER_TASK_IND {icmAgentId=5180, agentId=1090, mrdId=5011, taskId=154600_100_1} invokeId=16
            2: [INFO]: [call-id [154600_100_1]] [agent-id [1090]]: [Jan 30 2024 10:00:09.520 -0500]: [EVENT_POOL-1-worker-2]: [c.c.f.d.DialogManager]: Dialog 154600_100_1 state ACCEPTED, mediaId 5011
            3: [INFO]: [call-id [154600_101_1]] [agent-id [1091]]: [Jan 30 2024 10:00:36.040 -0500]: [EVENT_POOL-1-worker-3]: [c.c.f.c.CTIEventHandler]: Received AGENT_PRE_CALL_ABORT_EVENT {icmAgentId=5181, agentId=1091, mrdId=5011, taskId=154600_101_1} disposition=19
            4: [INFO]: [call-id [154600_100_1]] [agent-id [1090]]: [Jan 30 2024 10:00:40.010 -0500]: [EVENT_POOL-1-worker-4]: [c.c.f.d.DialogManager]: Dialog 154600_100_1 state CLOSED, mediaId 5011
            5: [INFO]: [call-id [1546
            """,
        ["ccp/ccpapi.log"] = """
            0000000001: 192.168.1.1: Jan 30 2024 10:00:05.020 -0500: %CCBU_____EVENTING-6-SOCIAL_CONTACT_PUBLISH_EVENT: %[SocialContactID=11111111-2222-4333-8444-555555555555][Status=reserved][TaskID=154600_100_1]: Publishing
            0000000002: 192.168.1.1: Jan 30 2024 10:00:06.030 -0500: %CCBU_____EVENTING-6-SOCIAL_CONTACT_PUBLISH_EVENT: %[SocialContactID=66666666-7777-4888-8999-aaaaaaaaaaaa][Status=reserved][TaskID=154600_101_1]: Publishing
            0000000003: 192.168.1.1: Jan 30 2024 10:00:40.050 -0500: %CCBU_____CCPAPI-6-REST_API_INFO: CONTACT_UPDATE_REQUEST %[SocialContactID=11111111-2222-4333-8444-555555555555][Status=handled][TaskID=154600_100_1]: Close
            0000000004: 192.168.1.1: Jan 30 2024 10:00:40.0
            """,
        ["ccp/runtime.log"] = """
            0000000001: 192.168.1.1: Jan 30 2024 10:00:04.900 -0500: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID=11111111-2222-4333-8444-555555555555]: SocialContact created
            0000000002: 192.168.1.1: Jan 30 2024 10:00:05.900 -0500: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID=66666666-7777-4888-8999-aaaaaaaaaaaa]: SocialContact created
            """,
    };

    public static void WriteTo(TempFolder folder)
    {
        foreach (var (name, text) in Files) folder.Write(name, text + "\n");
    }
}
