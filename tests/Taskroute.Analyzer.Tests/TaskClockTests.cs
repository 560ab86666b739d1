namespace Taskroute.Analyzer.Tests;

/// <summary>A task's own times are told at one offset, the ICM servers', whichever log came first.</summary>
public sealed class TaskClockTests
{
    [Fact]
    public void A_task_whose_first_line_is_a_utc_log_s_still_tells_its_times_at_the_icm_offset()
    {
        var eastern = TimeSpan.FromHours(-5);
        using var dir = new TempFolder();
        foreach (var (name, text) in InterleavedLogs.Files)
            // CCP's runtime log in UTC, as a server left on UTC writes it: its line comes first in task X.
            dir.Write(name, (name == "ccp/runtime.log"
                ? text.Replace("Jan 30 2024 10:00:04.900 -0500", "Jan 30 2024 15:00:04.900 +0000", StringComparison.Ordinal)
                      .Replace("Jan 30 2024 10:00:05.900 -0500", "Jan 30 2024 15:00:05.900 +0000", StringComparison.Ordinal)
                : text) + "\n");
        var report = LogAnalyzer.Analyze([dir.Path], new AnalyzerOptions { IcmOffset = eastern });
        var x = Assert.Single(report.Tasks, t => t.ContactId == Guid.Parse(InterleavedLogs.ContactX));
        Assert.Equal(LogComponent.Runtime, x.Timeline[0].Component);
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 10, 0, 4, 900, eastern), x.First);
        Assert.All(new[] { x.First, x.Last, x.OfferedAt!.Value, x.StartedAt!.Value, x.EndedAt!.Value }, at => Assert.Equal(eastern, at.Offset));
        Assert.All(report.Tasks.SelectMany(t => t.Anomalies).Where(a => a.At is not null), a => Assert.Equal(eastern, a.At!.Value.Offset));
    }
}
