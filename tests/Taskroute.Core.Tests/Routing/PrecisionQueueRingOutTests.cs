using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Tests.Routing;

/// <summary>
/// A task in a precision queue that rings out at an agent comes back to the step it was in with
/// the time that step had left: its wider steps come when they would have, and it stays ahead of
/// tasks that arrived after it. Precision queue 50 (<see cref="ScriptCentre"/>): step 1 for 30 s
/// finds only agent 1001, step 2 finds 1002 too.
/// </summary>
public class PrecisionQueueRingOutTests
{
    private static readonly ScriptSelector Selector = new() { Name = "S", MrdId = 1, Script = [new QueueNode { PrecisionQueue = 50 }] };

    private static void Wait(LabHarness lab, int seconds)
    {
        lab.Advance(TimeSpan.FromSeconds(seconds));
        lab.Ok((e, t) => e.Tick(t));
    }

    private static bool OfferedTo(LabHarness lab, int agent, int task) => lab.Engine.Dialogs(agent).Any(d => d.Task == task);

    // Ring timeout 10 s. The task waits 5 s, rings at 1001 from 5 s to 15 s, and comes back with 15 s of step 1 left.
    private static (LabHarness Lab, int Task) RingOutEarlyInStepOne(EngineOptions? options)
    {
        var lab = new LabHarness(ScriptCentre.Config([Selector], taskStartTimeoutSeconds: 10), options);
        lab.ReadyAgent(1002, 1); // step 2 only
        var task = lab.Submit(lab.Task("S", 1)).Task;
        Wait(lab, 5);
        lab.ReadyAgent(1001, 1);
        Assert.True(OfferedTo(lab, 1001, task));
        Wait(lab, 10);
        Assert.Contains(lab.Last, e => e.Message == MessageType.TIMER_EXPIRED && e.Text == nameof(TimerKind.TaskStartTimeout));
        Assert.False(OfferedTo(lab, 1002, task));
        return (lab, task);
    }

    [Fact]
    public void A_task_that_rings_out_reaches_the_next_step_when_its_first_step_would_have_ended()
    {
        var (lab, task) = RingOutEarlyInStepOne(options: null);
        Wait(lab, 14);
        Assert.False(OfferedTo(lab, 1002, task));
        Wait(lab, 1);
        // 30 s after it arrived, as if it had never left the queue.
        Assert.True(OfferedTo(lab, 1002, task));
        Assert.Equal(50, lab.Last.Single(e => e.Message == MessageType.TIMER_EXPIRED).PrecisionQueueId);
    }

    [Fact]
    public void A_step_whose_wait_ran_out_while_the_task_rang_moves_on_as_the_task_comes_back()
    {
        // Ring timeout 30 s: reserved at 20 s, back at 50 s, 20 s after step 1's end.
        var lab = new LabHarness(ScriptCentre.Config([Selector]));
        lab.ReadyAgent(1002, 1);
        var task = lab.Submit(lab.Task("S", 1)).Task;
        Wait(lab, 20);
        lab.ReadyAgent(1001, 1);
        Assert.True(OfferedTo(lab, 1001, task));
        Wait(lab, 30);
        Assert.True(OfferedTo(lab, 1002, task));
    }

    [Theory]
    [InlineData(RoutingRules.Current, true)]
    [InlineData(RoutingRules.RingFromWhenSeen, false)]
    public void A_task_back_from_a_ring_out_stays_ahead_of_a_later_task_of_the_same_priority(int rules, bool firstGoesFirst)
    {
        var lab = new LabHarness(ScriptCentre.Config([Selector], taskStartTimeoutSeconds: 10), new EngineOptions { RoutingRules = rules });
        lab.Ok((e, t) => e.SignIn(t, 1002, 1)); // Not Ready for now
        var first = lab.Submit(lab.Task("S", 1)).Task;
        Wait(lab, 5);
        lab.ReadyAgent(1001, 1);
        Assert.True(OfferedTo(lab, 1001, first));
        Wait(lab, 5);
        var second = lab.Submit(lab.Task("S", 1)).Task;
        Wait(lab, 5); // the first rings out at 15 s
        Wait(lab, 27);
        // At 42 s the first has been at step 2 since 30 s, the second since 40 s. Under the older
        // rules the first's step started over at 15 s: it was still at step 1, and the later task won.
        lab.Ok((e, t) => e.SetReady(t, 1002, 1));
        Assert.Equal(firstGoesFirst, OfferedTo(lab, 1002, first));
        Assert.Equal(!firstGoesFirst, OfferedTo(lab, 1002, second));
    }

    [Fact]
    public void A_journal_written_under_older_rules_replays_a_ring_out_starting_the_step_over()
    {
        var (lab, task) = RingOutEarlyInStepOne(new EngineOptions { RoutingRules = RoutingRules.RingFromWhenSeen });
        Wait(lab, 29);
        Assert.False(OfferedTo(lab, 1002, task));
        Wait(lab, 1);
        // Its step's 30 s counted from the ring-out at 15 s.
        Assert.True(OfferedTo(lab, 1002, task));
    }

    [Fact]
    public void A_snapshot_taken_while_the_task_rings_keeps_the_step_deadline_it_comes_back_to()
    {
        var config = ScriptCentre.Config([Selector], taskStartTimeoutSeconds: 10);
        var lab = new LabHarness(config);
        lab.ReadyAgent(1002, 1);
        var task = lab.Submit(lab.Task("S", 1)).Task;
        Wait(lab, 5);
        lab.ReadyAgent(1001, 1);
        var restored = new RoutingEngine(config);
        restored.RestoreSnapshot(lab.Engine.WriteSnapshot());
        // Back at 15 s; the step's end at 30 s survives the snapshot.
        restored.Tick(lab.Now + 10_000);
        restored.Tick(lab.Now + 24_000);
        Assert.DoesNotContain(restored.Dialogs(1002), d => d.Task == task);
        restored.Tick(lab.Now + 25_000);
        Assert.Contains(restored.Dialogs(1002), d => d.Task == task);
    }
}
