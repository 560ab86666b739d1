using Taskroute.Core.Engine;
using Taskroute.Core.Lab;

namespace Taskroute.Core.Tests.Routing;

/// <summary>Deadlines that passed while nobody ran the engine (a server down for minutes) fire at their own times; an offer they lead to rings from when it can be seen.</summary>
public class RingAfterOutageTests
{
    private static int RingOuts(LabHarness lab) => lab.Journal.Count(e => e.Message == Taskroute.Core.Flow.MessageType.TIMER_EXPIRED && e.Text == nameof(TimerKind.TaskStartTimeout));

    private static LabHarness OfferThenOutage(EngineOptions? options)
    {
        var lab = new LabHarness(options: options);
        lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        lab.Submit();
        Assert.Single(lab.Engine.Dialogs(1080));
        lab.ReadyAgent(1081, LabConfiguration.TaskMrd);
        lab.ReadyAgent(1082, LabConfiguration.TaskMrd);
        // Down for 100 s: the first command after it catches up on every deadline passed.
        lab.Advance(TimeSpan.FromSeconds(100));
        lab.Ok((e, t) => e.Tick(t));
        return lab;
    }

    [Fact]
    public void After_an_outage_the_offer_a_ring_out_leads_to_gets_its_whole_ring_timeout_from_the_restart()
    {
        var lab = OfferThenOutage(options: null);
        // 1080's offer rang out at its own deadline; the task went to the next agent, who has 30 s from now.
        Assert.Equal(1, RingOuts(lab));
        var holders = new[] { 1080, 1081, 1082 }.Where(a => lab.Engine.Dialogs(a).Count > 0).ToList();
        var holder = Assert.Single(holders);
        Assert.NotEqual(1080, holder);
        Assert.All(new[] { 1081, 1082 }, a => Assert.True(lab.Engine.AgentMedia(a).Single(m => m.MrdId == LabConfiguration.TaskMrd).Routable));

        lab.Advance(TimeSpan.FromSeconds(29));
        lab.Ok((e, t) => e.Tick(t));
        Assert.Equal(1, RingOuts(lab));
        lab.Advance(TimeSpan.FromSeconds(1));
        lab.Ok((e, t) => e.Tick(t));
        Assert.Equal(2, RingOuts(lab));
    }

    [Fact]
    public void A_journal_written_under_older_rules_replays_its_ring_outs_after_an_outage_as_they_happened()
    {
        var lab = OfferThenOutage(new EngineOptions { RoutingRules = RoutingRules.ParallelPrecisionQueues });
        // As those rules ran it: each offer made at a deadline of the past rang out at once.
        Assert.Equal(3, RingOuts(lab));
        Assert.All(new[] { 1080, 1081, 1082 }, a => Assert.False(lab.Engine.AgentMedia(a).Single(m => m.MrdId == LabConfiguration.TaskMrd).Routable));
    }
}
