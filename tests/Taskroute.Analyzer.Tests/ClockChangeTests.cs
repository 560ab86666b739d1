namespace Taskroute.Analyzer.Tests;

/// <summary>
/// ICM servers in New York on the night clocks went forward (2024-03-10, 02:00 EST became 03:00 EDT):
/// ICM logs local times without an offset, CCP logs each line's own.
/// </summary>
public sealed class ClockChangeTests
{
    private const string Before = "44444444-0000-4000-8000-000000000001";
    private const string After = "44444444-0000-4000-8000-000000000002";

    private const string Router = $"""
        Events from Sunday, March 10, 2024
        01:30:00:110 ra-rtr Trace: (31 x 0 : 0 0) NewCall: CID=(154566,20000401), DN=CumulusTask, ANI={Before}
        03:30:00:110 ra-rtr Trace: (31 x 0 : 0 0) NewCall: CID=(154566,20000402), DN=CumulusTask, ANI={After}

        """;

    private const string Ccp = $"""
        0000000062:: Mar 10 2024 01:29:59.950 -0500: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID={Before}]: created
        0000000063:: Mar 10 2024 03:29:59.950 -0400: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID={After}]: created

        """;

    [Fact]
    public void Logs_across_a_daylight_saving_change_say_that_the_icm_lines_on_one_side_of_it_are_an_hour_off()
    {
        var report = LogAnalyzer.Analyze([LogSource.FromText("ccpapi.log", Ccp), LogSource.FromText("ra-rtr.log", Router)]);
        var note = Assert.Single(report.Notes, n => n.StartsWith("ICM times taken as UTC", StringComparison.Ordinal));
        Assert.Contains("an hour away: a daylight-saving change likely falls within these logs", note, StringComparison.Ordinal);
        Assert.Contains("with its own --tz", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_on_one_side_of_the_change_say_nothing_of_it()
    {
        var report = LogAnalyzer.Analyze([LogSource.FromText("ccpapi.log", Ccp.Split('\n')[0] + "\n"), LogSource.FromText("ra-rtr.log", Router)]);
        Assert.DoesNotContain(report.Notes, n => n.Contains("daylight-saving", StringComparison.Ordinal));
    }
}
