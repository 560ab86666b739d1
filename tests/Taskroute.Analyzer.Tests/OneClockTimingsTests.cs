using System.Globalization;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// Each timing is read on one server's clock where one log holds both its ends: the router's for
/// delay and queue, the Agent PG's (ctisvr) for network, the desktop side's for offer; a timing no
/// log can show is unknown, never 0. One task routed at once to an agent: the router answers the
/// PIM's NEW_CALL in its own millisecond, ctisvr receives the pre-call 3 ms after the router sent
/// it (on the PG's clock), the offer 987 ms after that, the start 4 s after the offer.
/// </summary>
public sealed class OneClockTimingsTests
{
    internal const string Header = "Events from Thursday, March 14, 2024\n\n";

    private const string Pim = Header + """
        10:01:00:000 PG2A-pim3 Trace: Application->PG:
        Message = NEW_TASK; Length = 201 bytes
        DialogueID = (7) Hex 00000007
        SendSeqNo = (1) Hex 00000001
        ScriptSelector: CumulusTask
        ApplicationString1: aaaaaaaa-0000-4000-8000-000000000001
        10:01:00:000 PG2A-pim3 Trace: Send INRCMSGNewCall to Router : :
        NEW_CALL RCID=5004 PID=5001 DID=7 DIDRelSeq#=1 GrpDelKey=5004 CRS(RtrDate=-1,RtrCID=-1) RCKSeq#=-1 NICCallID=-1
        10:01:00:012 PG2A-pim3 Trace: MR_Peripheral::On_Router_Connect:
        CONNECT RCID=5004 PID=5001 DID=7 DIDRelSeq#=0 CRS(RtrDate=154570,RtrCID=500001) RCKSeq#=0 ErrorCode=0
        10:01:00:012 PG2A-pim3 Trace: PG->Application:
        Message = DO_THIS_WITH_TASK; Length = 135 bytes
        DialogueID = (7) Hex 00000007
        SendSeqNo = (1) Hex 00000001
        IcmTaskID = 154570:500001: 1
        SkillGroup = (5199) Hex 0000144f
        Agent = (5172) Hex 00001434
        MRDID = (5011) Hex 00001393

        """;

    internal const string CtiSvr = Header + """
        10:01:00:013 cg3A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=1080 RouterCallKey=154570 500001 RouterCallKeySeqNum=0 MRDID=5011 SkillGroupID=5199 ICMAgentID=5172
        10:01:00:013 cg3A-ctisvr Trace: AGENT_EVENT: ID=1080 Periph=5000 Ext=1080 Inst=1080 Sig=Finesse UniqueInstID= SGSt=LOGIN SGDur=0 St=RESERVED Dur=0 Reason=0 MRDID=5011 NumTasks=1 MaxTaskLimit=3 MaxBeyondTaskLimit=0
        10:01:01:000 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x9025 MRDID:5011 ICMAgentID:5172 
        10:01:01:000 cg3A-ctisvr Session 3: TaskID:154570/500001/1ARMSkillGroupID:5199 ARMServiceID:N/A)
        10:01:01:000 cg3A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011
        10:01:01:000 cg3A-ctisvr Trace: TaskID=154570:500001:1 ICMAgentID=5172 SkillGroupID=5199
        10:01:05:000 cg3A-ctisvr Session 3: MsgType:START_TASK_IND (InvokeID:0x904a MRDID:5011 ICMAgentID:5172 
        10:01:05:000 cg3A-ctisvr Session 3: TaskID:154570/500001/1ARMSkillGroupID:5199 ARMServiceID:N/A)
        10:01:05:000 cg3A-ctisvr Trace: AGENT_EVENT: ID=1080 Periph=5000 Ext=1080 Inst=1080 Sig=Finesse UniqueInstID= SGSt=LOGIN SGDur=0 St=ACTIVE Dur=0 Reason=0 MRDID=5011 NumTasks=1 MaxTaskLimit=3 MaxBeyondTaskLimit=0
        10:01:05:000 cg3A-ctisvr Trace: START_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011
        10:01:05:000 cg3A-ctisvr Trace: TaskID=154570:500001:1 ICMAgentID=5172 SkillGroupID=5199
        10:05:00:000 cg3A-ctisvr Session 3: MsgType:END_TASK_IND (InvokeID:0x90b9 MRDID:5011 ICMAgentID:5172 
        10:05:00:000 cg3A-ctisvr Session 3: TaskID:154570/500001/1ICMDisposition:38 ApplicationDisposition:38 WrapupData: ApplicationData:)
        10:05:00:000 cg3A-ctisvr Trace: END_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011
        10:05:00:000 cg3A-ctisvr Trace: TaskID=154570:500001:1 ICMAgentID=5172 SkillGroupID=5199 ICMDisposition=38

        """;

    // The router's lines at 10:01:00.010 on its own clock, which runs `ahead` ms ahead of the PGs'.
    private static string Router(int ahead)
    {
        var at = (new TimeSpan(0, 10, 1, 0, 10) + TimeSpan.FromMilliseconds(ahead)).ToString(@"hh\:mm\:ss\:fff", CultureInfo.InvariantCulture);
        return Header + $"""
            {at} ra-rtr Trace: (7 x 0 : 0 0) NewCall: CID=(154570,500001), DN=CumulusTask, ANI=aaaaaaaa-0000-4000-8000-000000000001, CallType=5003
            {at} ra-rtr Trace: (7 x 0 : 0 0) CID=(154570,500001):CumulusTask:Step 1 sending call to Agent 5172
            {at} ra-rtr Trace: (7 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154570,500001), PerID=5000, PQID=-1, SGID=5199, AgentSkillTargetID=5172, MRDID=5011, Label=1080
            {at} ra-rtr Trace: DN=CumulusTask, ANI=aaaaaaaa-0000-4000-8000-000000000001
            {at} ra-rtr Trace: (7 x 0 : 0 0) Connect: CID=(154570,500001), EventSelect=0x0, ServiceType=0, Label=1080

            """;
    }

    private static TaskFlow Analyze(params (string Name, string Text)[] files)
    {
        using var dir = new TempFolder();
        foreach (var (name, text) in files) dir.Write(name, text);
        return Assert.Single(LogAnalyzer.Analyze([dir.Path]).Tasks);
    }

    [Fact]
    public void Finesse_lines_alone_time_the_offer_from_the_offer_to_the_start()
    {
        var task = Analyze(("old-finesse.log", """
            2283: 10.10.20.40: Mar 14 2024 23:55:12.531 -0400: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIOfferTaskEvent [peripheralID=5000, mrdID=5011, taskID=154570:40000101:1, icmAgentID=5172, skillGroupID=5199]]: Decoded Message to Finesse from backend cti server
            2284: 10.10.20.40: Mar 14 2024 23:55:20.029 -0400: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIStartTaskEvent [peripheralID=5000, mrdID=5011, taskID=154570:40000101:1, icmAgentID=5172, skillGroupID=5199]]: Decoded Message to Finesse from backend cti server
            2285: 10.10.20.40: Mar 15 2024 00:04:05.282 -0400: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIEndTaskEvent [peripheralID=5000, mrdID=5011, taskID=154570:40000101:1, icmAgentID=5172, icmDisposition=38]]: Decoded Message to Finesse from backend cti server

            """));
        Assert.Equal(7_498, task.Timings.Offer);
        Assert.Null(task.Timings.Delay);
        Assert.Null(task.Timings.Queue);
        Assert.Null(task.Timings.Network);
        Assert.Null(task.Timings.AnswerWait);
    }

    [Fact]
    public void A_ctisvr_log_alone_cannot_tell_queue_time()
    {
        var t = Analyze(("cg3A-ctisvr.log", CtiSvr)).Timings;
        Assert.Null(t.Queue);
        Assert.Null(t.Delay);
        Assert.Equal(987, t.Network);
        Assert.Equal(4_000, t.Offer);
    }

    [Fact]
    public void A_router_clock_ahead_of_the_pgs_blanks_no_timing()
    {
        // 1.5 s ahead: the router's pre-call is read after ctisvr's offer.
        var task = Analyze(("pim.log", Pim), ("cg3A-ctisvr.log", CtiSvr), ("ra-rtr.log", Router(1_500)));
        var t = task.Timings;
        Assert.Equal(0, t.Delay);
        Assert.Equal(0, t.Queue);
        Assert.Equal(4_987, t.AnswerWait);
        Assert.DoesNotContain(task.Anomalies, a => a.Kind == AnomalyKind.ClockSkew);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_500)]
    [InlineData(-1_500)]
    public void Network_runs_from_ctisvr_s_pre_call_to_its_offer_whatever_the_router_s_clock(int ahead)
    {
        var task = Analyze(("pim.log", Pim), ("cg3A-ctisvr.log", CtiSvr), ("ra-rtr.log", Router(ahead)));
        var t = task.Timings;
        Assert.Equal((0L, 0L, 987L, 4_000L, 235_000L, 4_987L), (t.Delay!.Value, t.Queue!.Value, t.Network!.Value, t.Offer!.Value, t.Handle!.Value, t.AnswerWait!.Value));
        Assert.DoesNotContain(task.Anomalies, a => a.Kind == AnomalyKind.ClockSkew);
    }
}
