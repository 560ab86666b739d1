namespace Taskroute.Analyzer.Tests;

/// <summary>
/// A task offered to an agent and ended before the agent started it: CCE's desktop sends
/// END_TASK_IND with disposition 37 (abandoned while offered), or 36 when the task start timer ran
/// out before the offer (abandoned before offered), and no START_TASK. CCP's logs, when given, say
/// only that the contact was discarded.
/// </summary>
public sealed class AbandonedWhileOfferedTests
{
    private static readonly TimeSpan Kolkata = new(5, 30, 0);

    private const string Pim = """
        Events from Thursday, March 14, 2024
        12:00:00:000 PG2A-pim1 Trace: Application->PG:
        	Message = NEW_TASK; Length = 201 bytes
        	DialogueID = (51) Hex 00000033
        	SendSeqNo = (1) Hex 00000001
        	MRDomainID = (5011) Hex 00001393
        	PreviousTask = -1:-1:-1
        	ScriptSelector: Chat_Task
        	ApplicationString1: 33333333-0000-4000-8000-00000000000a
        12:00:00:000 PG2A-pim1 Trace: Send INRCMSGNewCall to Router : :
        NEW_CALL RCID=5004 PID=5001 DID=51 DIDRelSeq#=1 GrpDelKey=5004 CRS(RtrDate=-1,RtrCID=-1) RCKSeq#=-1 NICC
        12:00:01:001 PG2A-pim1 Trace: MR_Peripheral::On_Router_Connect:
        CONNECT RCID=5004 PID=5001 DID=51 DIDRelSeq#=0 CRS(RtrDate=154570,RtrCID=20000301) RCKSeq#=0 ErrorCode=0
        12:00:01:001 PG2A-pim1 Trace: PG->Application:
        	Message = DO_THIS_WITH_TASK; Length = 135 bytes
        	DialogueID = (51) Hex 00000033
        	SendSeqNo = (1) Hex 00000001
        	IcmTaskID = 154570:20000301: 1
        	SkillGroup = (5199) Hex 0000144f
        	Agent = (5201) Hex 00001451
        	MRDID = (5011) Hex 00001393

        """;

    private const string Router = """
        Events from Thursday, March 14, 2024
        12:00:00:010 ra-rtr Trace: (51 x 0 : 0 0) NewCall: CID=(154570,20000301), DN=Chat_Task, ANI=33333333-0000-4000-8000-00000000000a, CED=, Label=
        12:00:01:000 ra-rtr Trace: (51 x 0 : 0 0) CID=(154570,20000301):Chat_Task:Step 1 sending call to Agent 5201
        12:00:01:000 ra-rtr Trace: (51 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154570,20000301), PerID=5000, PQ=0, AgentID=5201
        12:00:01:000 ra-rtr Trace: DN=Chat_Task, ANI=33333333-0000-4000-8000-00000000000a, CED=5AA797871000018D00000004139ED7AD5
        12:00:01:000 ra-rtr Trace: RCKSeqNum=0, DelayQTime=0, DelayRouterTime=0, SGDelayQTime=0
        12:00:01:000 ra-rtr Trace: (51 x 0 : 0 0) Connect: CID=(154570,20000301), EventSelect=0x0, ServiceType=0

        """;

    private static string Ctisvr(int disposition) => $"""
        Events from Thursday, March 14, 2024
        12:00:01:000 cg1A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=2001 RouterCallKey=154570 20000301 RouterCallKeySequenceNumber=0
        12:00:02:000 cg1A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x3001 MRDID:5011 ICMAgentID:5201
        12:00:02:000 cg1A-ctisvr Session 3: TaskID:154570/20000301/1ARMSkillGroupID:5199 ARMServiceID:N/A)
        12:00:02:000 cg1A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011
        12:00:02:000 cg1A-ctisvr Trace: TaskID=154570:20000301:1 ICMAgentID=5201 SkillGroupID=5199
        12:00:20:000 cg1A-ctisvr Session 3: MsgType:END_TASK_IND (InvokeID:0x3002 MRDID:5011 ICMAgentID:5201
        12:00:20:000 cg1A-ctisvr Session 3: TaskID:154570/20000301/1ICMDisposition:{disposition} ApplicationDisposition:{disposition}
        12:00:20:000 cg1A-ctisvr Trace: END_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011
        12:00:20:000 cg1A-ctisvr Trace: TaskID=154570:20000301:1 ICMAgentID=5201 SkillGroupID=5199

        """;

    private const string Ccp = "0000001001: 10.10.20.5: Mar 14 2024 06:30:20.100 +0000: %CCBU_____CCPAPI-6-REST_API_INFO: CONTACT_UPDATE_REQUEST: " +
        "%[SocialContactID=33333333-0000-4000-8000-00000000000a][Status=discarded]: Update\n";

    private static TaskFlow Analyze(int disposition, bool withCcp)
    {
        List<LogSource> logs = [LogSource.FromText("PG2A-pim1.log", Pim), LogSource.FromText("ra-rtr.log", Router), LogSource.FromText("cg1A-ctisvr.log", Ctisvr(disposition))];
        if (withCcp) logs.Add(LogSource.FromText("runtime.log", Ccp));
        return Assert.Single(LogAnalyzer.Analyze(logs, new AnalyzerOptions { IcmOffset = Kolkata }).Tasks);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_task_ended_while_offered_is_abandoned_while_offered_with_the_disposition_its_end_gave(bool withCcp)
    {
        var task = Analyze(37, withCcp);
        var abandoned = Assert.Single(task.Anomalies, a => a.Kind == AnomalyKind.AbandonedWhileOffered);
        Assert.Equal(new DateTimeOffset(2024, 3, 14, 12, 0, 20, 0, Kolkata), abandoned.At);
        Assert.Contains("abandoned while offered", abandoned.Detail, StringComparison.Ordinal);
        Assert.Contains("disposition 37", abandoned.Detail, StringComparison.Ordinal);
        // Never started, so steps 7 and 8 did not happen: the logs lack nothing.
        Assert.DoesNotContain(task.Anomalies, a => a.Kind == AnomalyKind.MissingStep);
        Assert.True(task.Ended);
    }

    [Fact]
    public void A_task_whose_start_timer_ran_out_before_its_offer_is_abandoned_before_offered()
    {
        var abandoned = Assert.Single(Analyze(36, withCcp: false).Anomalies, a => a.Kind == AnomalyKind.AbandonedWhileOffered);
        Assert.Contains("abandoned before offered", abandoned.Detail, StringComparison.Ordinal);
        Assert.Contains("disposition 36", abandoned.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_ended_normally_after_its_offer_is_not_called_abandoned()
    {
        Assert.DoesNotContain(Analyze(38, withCcp: false).Anomalies, a => a.Kind is AnomalyKind.AbandonedWhileOffered or AnomalyKind.AbandonedInQueue or AnomalyKind.Discarded);
    }
}
