namespace Taskroute.Analyzer.Tests;

/// <summary>
/// Both sides of a duplexed router logging one message a few milliseconds apart: one message, but
/// never more than one copy of each side's line taken for the other's.
/// </summary>
public sealed class DuplexedSidesTests
{
    private const string NewCall = "ra-rtr Trace: (4 x 0 : 0 0) NewCall: CID=(154526,37051928), DN=CumulusTask, ANI=ae93f5ad-452d-4c52-8057-8d23864a8a8a, CED=";
    private const string Connect = "ra-rtr Trace: (4 x 0 : 0 0) Connect: CID=(154526,37051928), EventSelect=0x0, ServiceType=0";

    private static TaskFlow Analyze(string sideA, string sideB) => Assert.Single(LogAnalyzer.Analyze(
        [LogSource.FromText("ra-rtr.log", "Events from January 30, 2024\n" + sideA), LogSource.FromText("rb-rtr.log", "Events from January 30, 2024\n" + sideB.Replace("ra-rtr", "rb-rtr", StringComparison.Ordinal))],
        new AnalyzerOptions { IcmOffset = TimeSpan.FromHours(-5) }).Tasks);

    [Fact]
    public void A_message_one_side_logged_twice_and_the_other_once_shows_twice()
    {
        var task = Analyze($"08:55:49:401 {NewCall}\n08:55:49:901 {NewCall}\n08:55:50:000 {Connect}\n", $"08:55:49:398 {NewCall}\n08:55:49:997 {Connect}\n");
        Assert.Equal(["NEW_CALL", "NEW_CALL", "CONNECT"], task.Timeline.Select(e => e.Message));
    }

    [Fact]
    public void Lines_more_than_a_second_apart_are_two_messages_even_from_the_two_sides()
    {
        var task = Analyze($"08:55:49:401 {NewCall}\n", $"08:55:48:300 {NewCall}\n");
        Assert.Equal(["NEW_CALL", "NEW_CALL"], task.Timeline.Select(e => e.Message));
    }
}
