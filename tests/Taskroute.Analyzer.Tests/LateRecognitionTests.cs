namespace Taskroute.Analyzer.Tests;

/// <summary>Files whose first hundreds of lines tell nothing of their component.</summary>
public sealed class LateRecognitionTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string StackTrace(int lines) =>
        "java.lang.IllegalStateException: connection reset\n" +
        string.Concat(Enumerable.Range(0, lines).Select(i => $"\tat com.cisco.desktop.cti.Frame{i}.run(Frame{i}.java:{i + 10})\n"));

    [Fact]
    public void A_finesse_log_after_a_long_stack_trace_is_recognised()
    {
        var finesse = InterleavedLogs.Files["webservices/desktop-webservices.log"];
        _dir.Write("desktop-webservices.log", StackTrace(450) + finesse + "\n");
        var source = Assert.Single(LogSources.Open([_dir.Path]));
        Assert.Equal(LogComponent.WebServices, source.Component);
    }

    [Fact]
    public void Notes_whose_ccp_and_finesse_lines_begin_after_hundreds_of_icm_lines_are_mixed()
    {
        var ctisvr = InterleavedLogs.Files["ctisvr/ctisvr.log"].Split('\n');
        // Hundreds of ICM lines first, then CCP's and Finesse's.
        var icm = string.Join('\n', Enumerable.Repeat(ctisvr[1], 450).Append(string.Join('\n', ctisvr.Skip(2))));
        var notes = icm + "\n" + InterleavedLogs.Files["ccp/ccpapi.log"] + "\n" + InterleavedLogs.Files["webservices/desktop-webservices.log"] + "\n";
        _dir.Write("case-notes.txt", notes);
        var source = Assert.Single(LogSources.Open([_dir.Path]));
        Assert.True(source.Mixed);
        var report = LogAnalyzer.Analyze([source], new AnalyzerOptions { Date = new DateOnly(2024, 1, 30) });
        Assert.Contains(report.Tasks, t => t.Components.Contains(LogComponent.CcpApi) && t.Components.Contains(LogComponent.WebServices));
    }
}
