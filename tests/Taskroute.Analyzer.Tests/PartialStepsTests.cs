namespace Taskroute.Analyzer.Tests;

/// <summary>Steps 3 and 4 as a ctisvr log alone shows them: its pre-call and the agent RESERVED, no router, no MR PG.</summary>
public sealed class PartialStepsTests
{
    private static TaskFlow CtiSvrAlone()
    {
        using var dir = new TempFolder();
        dir.Write("cg3A-ctisvr.log", OneClockTimingsTests.CtiSvr);
        return Assert.Single(LogAnalyzer.Analyze([dir.Path]).Tasks);
    }

    [Fact]
    public void Without_the_router_s_log_the_script_run_is_not_found()
    {
        var task = CtiSvrAlone();
        Assert.False(task.Steps[2].Found);
        Assert.Contains(task.Anomalies, a => a.Kind == AnomalyKind.MissingStep && a.Detail.StartsWith("step 3 missing", StringComparison.Ordinal)
                                             && a.Detail.Contains("no router log", StringComparison.Ordinal));
    }

    [Fact]
    public void Step_4_with_ctisvr_s_pre_call_and_reservation_names_only_the_connect_as_missing()
    {
        var task = CtiSvrAlone();
        Assert.False(task.Steps[3].Found);
        var step4 = Assert.Single(task.Anomalies, a => a.Detail.StartsWith("step 4 ", StringComparison.Ordinal));
        Assert.Equal("step 4 missing: the MR PG's CONNECT is not in the logs (DEVICE_TARGET_PRE_CALL_IND and the agent RESERVED are)", step4.Detail);
    }
}
