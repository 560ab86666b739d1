namespace Taskroute.Analyzer.Tests;

/// <summary>ICM traces of one night cat-ed into one file: ctisvr's, then the PIM's, then the router's.</summary>
public sealed class CatenatedTraceTests
{
    // Each trace runs past midnight and the next starts again before it.
    private const string Joined = """
        Events from March 14, 2024
        23:59:58:000 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x10 MRDID:5011 ICMAgentID:5174 )
        23:59:58:000 cg3A-ctisvr Session 3: TaskID:154570/40004/1ARMSkillGroupID:5199 ARMServiceID:N/A)
        00:00:20:000 cg3A-ctisvr Session 3: MsgType:START_TASK_IND (InvokeID:0x11 MRDID:5011 ICMAgentID:5174 )
        00:00:20:000 cg3A-ctisvr Session 3: TaskID:154570/40004/1ARMSkillGroupID:5199 ARMServiceID:N/A)
        23:59:50:000 PG2A-pim3 Trace: Application->PG:
        Message = NEW_TASK; Length = 201 bytes
        DialogueID = (5) Hex 00000005
        ScriptSelector: CumulusTask
        ApplicationString1: 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d
        23:59:50:012 PG2A-pim3 Trace: MR_Peripheral::On_Router_Connect:
        CONNECT RCID=5004 PID=5001 DID=5 DIDRelSeq#=0 CRS(RtrDate=154570,RtrCID=40004) RCKSeq#=0 ErrorCode=0
        00:05:00:000 PG2A-pim3 Trace: Application->PG:
        Message = NEW_TASK; Length = 201 bytes
        DialogueID = (6) Hex 00000006
        ScriptSelector: CumulusTask
        ApplicationString1: d4c3b2a1-f6e5-4877-a899-aabbccddeeff
        23:59:50:005 ra-rtr Trace: (5 x 0 : 0 0) NewCall: CID=(154570,40004), DN=CumulusTask, ANI=9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d
        00:01:00:000 ra-rtr Trace: (6 x 0 : 0 0) NewCall: CID=(154571,1001), DN=CumulusTask, ANI=d4c3b2a1-f6e5-4877-a899-aabbccddeeff
        """;

    [Fact]
    public void Each_process_counts_its_own_midnight()
    {
        using var dir = new TempFolder();
        dir.Write("icm-all.log", Joined + "\n");
        var report = LogAnalyzer.Analyze([dir.Path], new AnalyzerOptions { IcmOffset = TimeSpan.Zero });
        var task = Assert.Single(report.Tasks, t => t.RouterCallKey == 40004);
        Assert.Equal(new DateTimeOffset(2024, 3, 14, 23, 59, 50, 0, TimeSpan.Zero), task.First);
        Assert.Equal(new DateTimeOffset(2024, 3, 15, 0, 0, 20, 0, TimeSpan.Zero), task.StartedAt);
        Assert.All(task.Timeline, e => Assert.InRange(e.At, task.First, task.First.AddMinutes(1)));
        var next = Assert.Single(report.Tasks, t => t.RouterCallKey == 1001);
        Assert.Equal(new DateOnly(2024, 3, 15), DateOnly.FromDateTime(next.First.DateTime));
    }
}
