using Taskroute.Core.Flow;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// Which agent a task's anomalies name and which of an agent's states are the task's, when the logs
/// leave it to be worked out: ICM logs alone that never tie a login to an agent id, and Finesse's
/// voice states (which name no MRD) logged while the agent works a chat task.
/// </summary>
public sealed class AgentAttributionTests
{
    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    // A task offered to ICM agent 5172 (login 1080), never started, routed again and worked by 5173 (login 1081).
    private static readonly string RonaCtiSvr = Lines(
        "Events from January 30, 2024",
        "09:10:00:105 cg3A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=1080 RouterCallKey=154526 40000001",
        "09:10:01:000 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x8a88 MRDID:5011 ICMAgentID:5172",
        "09:10:01:000 cg3A-ctisvr Session 3: TaskID:154526/40000001/1ARMSkillGroupID:5199 ARMServiceID:N/A)",
        "09:10:01:000 cg3A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011",
        "09:10:01:000 cg3A-ctisvr Trace: TaskID=154526:40000001:1 ICMAgentID=5172 SkillGroupID=5199",
        "09:10:30:205 cg3A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=1081 RouterCallKey=154526 40000001",
        "09:10:31:000 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x8a99 MRDID:5011 ICMAgentID:5173",
        "09:10:31:000 cg3A-ctisvr Session 3: TaskID:154526/40000001/2ARMSkillGroupID:5199 ARMServiceID:N/A)",
        "09:10:31:000 cg3A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011",
        "09:10:31:000 cg3A-ctisvr Trace: TaskID=154526:40000001:2 ICMAgentID=5173 SkillGroupID=5199",
        "09:10:40:000 cg3A-ctisvr Session 3: MsgType:START_TASK_IND (InvokeID:0x8b47 MRDID:5011 ICMAgentID:5173",
        "09:10:40:000 cg3A-ctisvr Session 3: TaskID:154526/40000001/2ARMSkillGroupID:5199 ARMServiceID:N/A)",
        "09:10:40:000 cg3A-ctisvr Trace: START_TASK_EVENT: PeripherlID=5000 PeripherlType=4 MRDomainID=5011",
        "09:10:40:000 cg3A-ctisvr Trace: TaskID=154526:40000001:2 ICMAgentID=5173 SkillGroupID=5199",
        "09:12:00:000 cg3A-ctisvr Session 3: MsgType:END_TASK_IND (InvokeID:0x8c2c MRDID:5011 ICMAgentID:5173",
        "09:12:00:000 cg3A-ctisvr Session 3: TaskID:154526/40000001/2ICMDisposition:38 ApplicationDisposition:38",
        "09:12:00:000 cg3A-ctisvr Trace: END_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011",
        "09:12:00:000 cg3A-ctisvr Trace: TaskID=154526:40000001:2 PreviousTaskID=-1:-1:-1");

    private static readonly string RonaRouter = Lines(
        "Events from January 30, 2024",
        "09:10:00:100 ra-rtr Trace: (4 x 0 : 0 0) NewCall: CID=(154526,40000001), DN=CumulusTask, ANI=7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "09:10:00:100 ra-rtr Trace: (4 x 0 : 0 0) CID=(154526,40000001):CumulusTask:Step 1 sending call to Agent",
        "09:10:00:100 ra-rtr Trace: (4 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154526,40000001), PerID=5000, PQ",
        "09:10:00:100 ra-rtr Trace: RCKSeqNum=0, DelayQTime=0, DelayRouterTime=0, SGDelayQTime=0",
        "09:10:00:100 ra-rtr Trace: (4 x 0 : 0 0) Connect: CID=(154526,40000001), EventSelect=0x0, ServiceType=0",
        "09:10:00:150 ra-rtr Trace: Agent 5172 from PG domain 5011. [na-0:3[0],RA*] to [res-0+1:3[0],R]",
        "09:10:30:200 ra-rtr Trace: (4 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154526,40000001), PerID=5000, PQ",
        "09:10:30:200 ra-rtr Trace: RCKSeqNum=1, DelayQTime=0, DelayRouterTime=0, SGDelayQTime=0",
        "09:10:30:200 ra-rtr Trace: (4 x 0 : 0 0) Connect: CID=(154526,40000001), EventSelect=0x0, ServiceType=0",
        "09:10:30:250 ra-rtr Trace: Agent 5173 from PG domain 5011. [na-0:3[0],RA*] to [res-0+1:3[0],R]");

    // Finesse's offers, which tie each login to its ICM agent id.
    private static readonly string RonaFinesse = Lines(
        "0051203650: 10.106.81.82: Jan 30 2024 09:10:01.010 +0000: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIOfferTaskEvent [peripheralID=5000, peripheralType=4, mrdID=5011, taskID=154526:40000001:1, icmAgentID=5172, agentID=1080, skillGroupID=5199]]",
        "0051203651: 10.106.81.82: Jan 30 2024 09:10:31.010 +0000: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIOfferTaskEvent [peripheralID=5000, peripheralType=4, mrdID=5011, taskID=154526:40000001:2, icmAgentID=5173, agentID=1081, skillGroupID=5199]]");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_rona_names_the_agent_who_was_offered_the_task_not_the_one_who_worked_it(bool withFinesse)
    {
        var sources = new List<LogSource> { LogSource.FromText("ctisvr.log", RonaCtiSvr), LogSource.FromText("rtr.log", RonaRouter) };
        if (withFinesse) sources.Add(LogSource.FromText("webservices.log", RonaFinesse));
        var task = Assert.Single(LogAnalyzer.Analyze(sources).Tasks);
        Assert.Equal((5173, 1081), (task.AgentId, task.LoginId));
        var rona = Assert.Single(task.Anomalies, a => a.Kind == AnomalyKind.Rona);
        Assert.StartsWith("agent 5172 was offered the task", rona.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rona_in_ctisvrs_log_alone_names_the_agent_who_was_offered_the_task()
    {
        var task = Assert.Single(LogAnalyzer.Analyze([LogSource.FromText("ctisvr.log", RonaCtiSvr)]).Tasks);
        var rona = Assert.Single(task.Anomalies, a => a.Kind == AnomalyKind.Rona);
        Assert.StartsWith("agent 5172 was offered the task", rona.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Finesse_voice_states_that_name_no_mrd_are_not_among_a_chat_tasks_states()
    {
        var sources = VoiceMidTaskLogs.Icm.Select(f => LogSource.FromText(f.Name, f.Text)).Append(LogSource.FromText("webservices.log", VoiceMidTaskLogs.Finesse));
        var task = Assert.Single(LogAnalyzer.Analyze(sources).Tasks);
        Assert.Equal(5011, task.MrdId);
        var voice = new DateTimeOffset(2017, 4, 14, 14, 2, 0, TimeSpan.FromHours(-7));
        Assert.DoesNotContain(task.AgentStates, a => a.At > voice && a.At < voice.AddMinutes(1));
        Assert.DoesNotContain(task.AgentStates, a => a.Name == "TALKING");
        // The reservation for the task names its MRD, and stays.
        var reserved = Assert.Single(task.AgentStates, a => a.Component == LogComponent.WebServices);
        Assert.Equal((AgentState.RESERVED, 5011), (reserved.State, reserved.MrdId));
        Assert.All(task.AgentStates, a => Assert.Equal(5011, a.MrdId));
    }
}
