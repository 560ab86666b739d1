using System.Globalization;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// The offer, start and end as the logs may give them: only ctisvr's _EVENT lines (no Session
/// lines), only Finesse's copies, or a router whose clock runs ahead of the PG's.
/// </summary>
public sealed class ArmEventFallbackTests
{
    private static readonly TimeSpan Eastern = TimeSpan.FromHours(-5);

    private static DateTimeOffset At(int h, int m, int s, int ms) => new(2024, 1, 30, h, m, s, ms, Eastern);

    private static TaskFlow TaskX(Func<string, string, string?> line)
    {
        using var dir = new TempFolder();
        foreach (var (name, text) in InterleavedLogs.Files)
            dir.Write(name, string.Join('\n', text.Split('\n').Select(l => line(name, l)).OfType<string>()) + "\n");
        return Assert.Single(LogAnalyzer.Analyze([dir.Path], new AnalyzerOptions { IcmOffset = Eastern }).Tasks, t => t.ContactId == Guid.Parse(InterleavedLogs.ContactX));
    }

    [Fact]
    public void Without_ctisvr_session_lines_the_events_give_the_offer_start_and_steps()
    {
        var x = TaskX((name, l) => name.StartsWith("ctisvr", StringComparison.Ordinal) && l.Contains(" Session ", StringComparison.Ordinal) ? null : l);
        // Finesse kept its copy of the offer; the start only ctisvr's event tells.
        Assert.Equal(At(10, 0, 9, 510), x.OfferedAt);
        Assert.Equal(At(10, 0, 12, 0), x.StartedAt);
        Assert.Equal(At(10, 0, 40, 0), x.EndedAt);
        Assert.All(x.Steps.Skip(5), s => Assert.True(s.Found, $"step {s.Number}"));
        Assert.Equal(28_000, x.Timings.Handle);
    }

    [Fact]
    public void A_router_clock_ahead_of_the_pg_loses_no_step_and_changes_no_timing()
    {
        // Six seconds ahead: the router's pre-call is read after ctisvr's offer.
        var x = TaskX((name, l) => name.StartsWith("rtr", StringComparison.Ordinal) && l.Length > 12 && l[2] == ':' ? Shift(l, 6_000) : l);
        Assert.All(x.Steps, s => Assert.True(s.Found, $"step {s.Number}"));
        Assert.DoesNotContain(x.Anomalies, a => a.Kind == AnomalyKind.MissingStep);
        var t = x.Timings;
        Assert.All(new[] { t.Delay, t.Queue, t.Network, t.Offer, t.Handle, t.AnswerWait }, ms => Assert.True(ms is not < 0, $"{ms}"));
        Assert.Equal(2_500, t.Offer);
        // Delay and queue are read on the router's clock, network on ctisvr's: no span crosses the two.
        Assert.Equal(TaskX((_, l) => l).Timings, t);
        Assert.DoesNotContain(x.Anomalies, a => a.Kind == AnomalyKind.ClockSkew);
    }

    [Fact]
    public void Finesse_copies_alone_give_the_offer_and_the_start()
    {
        using var dir = new TempFolder();
        dir.Write("webservices/desktop-webservices.log", """
            200001: [INFO]: [call-id] [agent-id]: [Mar 14 2024 13:10:04.529 +0000]: [COMMAND_POOL-1-worker-9]: [c.c.c.f.c.CTIWriter]: SENT_MESSAGE_TO_CTI_SERVER: %[cti_message=CTIOfferTaskInd [invokeID=37127, mrdID=5011, icmAgentID=5173, taskID=154570:40001:1]]
            200002: [INFO]: [call-id [154570_40001_1]] [agent-id [1081]]: [Mar 14 2024 13:10:04.531 +0000]: [EVENT_POOL-1-worker-17]: [c.c.c.f.c.CTIMessageEventExecutor]: DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIOfferTaskEvent [peripheralID=5000, mrdID=5011, icmAgentID=5173, taskID=154570:40001:1, skillGroupID=5199]]
            200003: [INFO]: [call-id [154570_40001_1]] [agent-id [1081]]: [Mar 14 2024 13:10:20.030 +0000]: [EVENT_POOL-1-worker-19]: [c.c.c.f.c.CTIMessageEventExecutor]: DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIStartTaskEvent [peripheralID=5000, mrdID=5011, icmAgentID=5173, taskID=154570:40001:1]]
            200010: [INFO]: [call-id [154570_40001_1]] [agent-id [1081]]: [Mar 14 2024 13:12:30.282 +0000]: [EVENT_POOL-1-worker-16]: [c.c.c.f.c.CTIMessageEventExecutor]: DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIEndTaskEvent [peripheralID=5000, mrdID=5011, icmAgentID=5173, taskID=154570:40001:1]]

            """);
        var task = Assert.Single(LogAnalyzer.Analyze([dir.Path]).Tasks);
        Assert.Equal(new DateTimeOffset(2024, 3, 14, 13, 10, 4, 529, TimeSpan.Zero), task.OfferedAt);
        Assert.Equal(new DateTimeOffset(2024, 3, 14, 13, 10, 20, 30, TimeSpan.Zero), task.StartedAt);
        Assert.True(task.Steps[5].Found);
        Assert.True(task.Steps[6].Found);
        Assert.True(task.Steps[8].Found);
    }

    private static string Shift(string line, int ms)
    {
        var time = TimeSpan.ParseExact(line[..12], @"hh\:mm\:ss\:fff", CultureInfo.InvariantCulture) + TimeSpan.FromMilliseconds(ms);
        return time.ToString(@"hh\:mm\:ss\:fff", CultureInfo.InvariantCulture) + line[12..];
    }
}
