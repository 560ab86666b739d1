namespace Taskroute.Analyzer.Tests;

/// <summary>The analyzer's own report and JSON written into the logs' folder, then read with them.</summary>
public sealed class OwnOutputTests
{
    private const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Taskroute log analysis</title>
        <style>body{margin:0}</style></head><body>
        <g><title>ctisvr.log:9 10:00:09:500 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x10 MRDID:5011 ICMAgentID:5180 )</title></g>
        <g><title>ctisvr.log:10 10:00:09:500 cg3A-ctisvr Session 3: TaskID:154600/100/1ARMSkillGroupID:5199 ARMServiceID:N/A)</title></g>
        </body></html>
        """;

    private const string Json = """
        {
          "icmOffset": "-05:00",
          "icmOffsetGuessed": true,
          "tasks": [ { "raw": "10:00:09:500 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x10 MRDID:5011 ICMAgentID:5180 )" } ]
        }
        """;

    [Fact]
    public void The_analyzers_html_report_and_json_among_the_logs_are_passed_over()
    {
        using var dir = new TempFolder();
        InterleavedLogs.WriteTo(dir);
        var alone = LogAnalyzer.Analyze([dir.Path]);
        dir.Write("report.html", Html + "\n");
        dir.Write("analysis.json", Json + "\n");
        var report = LogAnalyzer.Analyze([dir.Path]);
        Assert.Equal(alone.Tasks.Select(t => t.Timeline.Count), report.Tasks.Select(t => t.Timeline.Count));
        Assert.Contains(report.Notes, n => n.Contains("report.html: the analyzer's own HTML report", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.Contains("analysis.json: the analyzer's own JSON output", StringComparison.Ordinal));
    }
}
