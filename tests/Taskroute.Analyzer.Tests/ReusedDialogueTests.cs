namespace Taskroute.Analyzer.Tests;

/// <summary>The MR PIM reuses a DialogueID for task after task; the router's clock may run ahead of the PG's.</summary>
public sealed class ReusedDialogueTests
{
    private const string Pim = """
        Events from March 14, 2024
        11:00:00:000 PG2A-pim3 Trace: Application->PG:
        Message = NEW_TASK; Length = 201 bytes
        DialogueID = (4) Hex 00000004
        ScriptSelector: CumulusTask
        ApplicationString1: 00000000-1111-4222-8333-000000000000
        11:00:00:012 PG2A-pim3 Trace: MR_Peripheral::On_Router_Connect:
        CONNECT RCID=5004 PID=5001 DID=4 DIDRelSeq#=0 CRS(RtrDate=154570,RtrCID=60000) RCKSeq#=0 ErrorCode=0
        11:00:00:040 PG2A-pim3 Trace: Application->PG:
        Message = NEW_TASK; Length = 201 bytes
        DialogueID = (4) Hex 00000004
        ScriptSelector: CumulusTask
        ApplicationString1: 00000001-1111-4222-8333-000000000001
        11:00:00:052 PG2A-pim3 Trace: MR_Peripheral::On_Router_Connect:
        CONNECT RCID=5004 PID=5001 DID=4 DIDRelSeq#=0 CRS(RtrDate=154570,RtrCID=60001) RCKSeq#=0 ErrorCode=0
        11:00:00:080 PG2A-pim3 Trace: Application->PG:
        Message = NEW_TASK; Length = 201 bytes
        DialogueID = (4) Hex 00000004
        ScriptSelector: CumulusTask
        ApplicationString1: 00000002-1111-4222-8333-000000000002
        11:00:00:092 PG2A-pim3 Trace: MR_Peripheral::On_Router_Connect:
        CONNECT RCID=5004 PID=5001 DID=4 DIDRelSeq#=0 CRS(RtrDate=154570,RtrCID=60002) RCKSeq#=0 ErrorCode=0
        """;

    // 50 ms ahead of the PG: each task's router lines are read after the next task's NEW_TASK.
    private const string Router = """
        Events from March 14, 2024
        11:00:00:055 ra-rtr Trace: (4 x 0 : 0 0) NewCall: CID=(154570,60000), DN=CumulusTask, ANI=00000000-1111-4222-8333-000000000000
        11:00:00:060 ra-rtr Trace: (4 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154570,60000), PerID=5000, PQID=0, SkillGroup=5199, AgentID=5300
        11:00:00:095 ra-rtr Trace: (4 x 0 : 0 0) NewCall: CID=(154570,60001), DN=CumulusTask, ANI=00000001-1111-4222-8333-000000000001
        11:00:00:100 ra-rtr Trace: (4 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154570,60001), PerID=5000, PQID=0, SkillGroup=5199, AgentID=5301
        11:00:00:135 ra-rtr Trace: (4 x 0 : 0 0) NewCall: CID=(154570,60002), DN=CumulusTask, ANI=00000002-1111-4222-8333-000000000002
        11:00:00:140 ra-rtr Trace: (4 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154570,60002), PerID=5000, PQID=0, SkillGroup=5199, AgentID=5302
        """;

    [Fact]
    public void Router_lines_behind_the_next_new_task_on_the_dialogue_stay_with_their_own_call_key()
    {
        using var dir = new TempFolder();
        dir.Write("pim.log", Pim + "\n");
        dir.Write("rtr.log", Router + "\n");
        var tasks = LogAnalyzer.Analyze([dir.Path]).Tasks;
        Assert.Equal(3, tasks.Count);
        Assert.Equal([60000, 60001, 60002], tasks.Select(t => t.RouterCallKey).Order());
        foreach (var t in tasks) Assert.Equal(Guid.Parse($"0000000{t.RouterCallKey - 60000}-1111-4222-8333-00000000000{t.RouterCallKey - 60000}"), t.ContactId);
    }

    [Fact]
    public void Without_the_pims_connect_lines_the_router_s_contact_keeps_its_lines_off_the_next_new_task()
    {
        using var dir = new TempFolder();
        var pim = string.Join('\n', Pim.Split('\n').Where(l => !l.Contains("On_Router_Connect", StringComparison.Ordinal) && !l.Contains("CONNECT RCID", StringComparison.Ordinal)));
        dir.Write("pim.log", pim + "\n");
        dir.Write("rtr.log", Router + "\n");
        var tasks = LogAnalyzer.Analyze([dir.Path]).Tasks;
        Assert.Equal([60000, 60001, 60002], tasks.Select(t => t.RouterCallKey).Order());
        foreach (var t in tasks) Assert.Equal(Guid.Parse($"0000000{t.RouterCallKey - 60000}-1111-4222-8333-00000000000{t.RouterCallKey - 60000}"), t.ContactId);
    }
}
