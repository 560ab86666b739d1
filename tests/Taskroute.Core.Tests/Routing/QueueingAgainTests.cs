using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Reporting;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Tests.Routing;

/// <summary>
/// A script that queues a waiting task again: to a second precision queue, to a target it already
/// waits in, or with a priority raise. Each case under this build's router rules and, since a journal
/// replays under the rules it was written under, under the first rules as they routed it.
/// </summary>
public class QueueingAgainTests
{
    private static readonly EngineOptions FirstRules = new() { RoutingRules = RoutingRules.First };

    private static RoutingConfiguration Config(params ScriptSelector[] selectors) => ScriptCentre.Config(selectors);

    private static ScriptSelector Selector(string name, params ScriptNode[] script) => new() { Name = name, MrdId = 1, Script = script };

    private static int? OfferedTask(LabHarness lab) =>
        lab.Last.Where(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND).Select(e => (int?)e.Task).SingleOrDefault();

    private static void Wait(LabHarness lab, int seconds)
    {
        lab.Advance(TimeSpan.FromSeconds(seconds));
        lab.Ok((e, t) => e.Tick(t));
    }

    [Fact]
    public void A_task_queued_to_two_precision_queues_walks_the_steps_of_both()
    {
        var config = Config(Selector("S", new QueueNode { PrecisionQueue = 50 }, new QueueNode { PrecisionQueue = 60 }));
        var lab = new LabHarness(config);
        lab.ReadyAgent(1002, 1); // precision queue 50's step 2 only
        var task = lab.Submit(lab.Task("S", 1)).Task;
        Wait(lab, 29);
        Assert.Null(OfferedTask(lab));
        Wait(lab, 1);
        Assert.Equal(task, OfferedTask(lab));
        Assert.Equal(50, lab.Last.Single(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND).PrecisionQueueId);
        // The step timer names its queue, and joining the second queue is said, so the reports count
        // the task offered in both.
        Assert.Equal(50, lab.Last.Single(e => e.Message == MessageType.TIMER_EXPIRED).PrecisionQueueId);
        Assert.Contains(lab.Journal, e => e.Message == MessageType.QUEUE_TARGET_ADDED && e.PrecisionQueueId == 60);
        var reports = new ReportBuilder(config, intervalMinutes: 30);
        reports.Add(1, [.. lab.Journal]);
        var rows = reports.TakeChanges().Rows;
        foreach (var queue in new[] { 50, 60 })
            Assert.Equal(1, rows.Where(r => r.Key.Key.Equals(ReportKey.PrecisionQueue(queue))).Sum(r => r.Value[Counter.Offered]));

        // Under the first rules the second queue stopped the first one's steps: nobody, ever.
        var first = new LabHarness(config, FirstRules);
        first.ReadyAgent(1002, 1);
        first.Submit(first.Task("S", 1));
        Wait(first, 30);
        Assert.Null(OfferedTask(first));
        Wait(first, 600);
        Assert.Empty(first.Engine.Dialogs(1002));
        Assert.DoesNotContain(first.Journal, e => e.Message == MessageType.QUEUE_TARGET_ADDED);
    }

    [Fact]
    public void Queued_again_to_its_skill_group_a_task_waits_at_the_new_priority_ahead_of_older_tasks()
    {
        var config = Config(
            Selector("Plain", new QueueNode { SkillGroups = [10], Priority = 5 }),
            Selector("Raised", new QueueNode { SkillGroups = [10], Priority = 5 }, new WaitNode { Seconds = 3 }, new QueueNode { SkillGroups = [10], Priority = 2 }));
        foreach (var (options, servedFirst) in new[] { ((EngineOptions?)null, "Raised"), (FirstRules, "Plain") })
        {
            var lab = new LabHarness(config, options);
            var plain = lab.Submit(lab.Task("Plain", 1)).Task;
            var raised = lab.Submit(lab.Task("Raised", 1)).Task;
            Wait(lab, 3);
            lab.ReadyAgent(1000, 1);
            Assert.Equal(servedFirst == "Raised" ? raised : plain, OfferedTask(lab));
        }
    }

    [Fact]
    public void Queued_again_to_its_precision_queue_a_task_keeps_its_step()
    {
        var config = Config(Selector("S", new QueueNode { PrecisionQueue = 50, Priority = 5 }, new WaitNode { Seconds = 12 }, new QueueNode { PrecisionQueue = 50, Priority = 2 }));
        var lab = new LabHarness(config);
        lab.ReadyAgent(1002, 1);
        var task = lab.Submit(lab.Task("S", 1)).Task;
        Wait(lab, 12);
        Wait(lab, 18); // 30 s from arrival: step 2, as if it had not been queued again
        Assert.Equal(task, OfferedTask(lab));
        Assert.Equal(2, lab.Last.Single(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND).Priority);

        // The first rules started the steps over at 12 s: step 2 only at 42 s.
        var first = new LabHarness(config, FirstRules);
        first.ReadyAgent(1002, 1);
        first.Submit(first.Task("S", 1));
        Wait(first, 12);
        Wait(first, 18);
        Assert.Null(OfferedTask(first));
        Wait(first, 12);
        Assert.NotNull(OfferedTask(first));
    }

    [Fact]
    public void A_priority_raise_set_by_a_later_queue_node_starts_from_that_node()
    {
        var config = Config(
            Selector("Later", new QueueNode { SkillGroups = [10], Priority = 9 }, new WaitNode { Seconds = 2 }, new QueueNode { SkillGroups = [11], Priority = 9, RaisePriorityEverySeconds = 2 }),
            Selector("Plain", new QueueNode { SkillGroups = [11], Priority = 5 }));
        foreach (var (options, laterFirst) in new[] { ((EngineOptions?)null, true), (FirstRules, false) })
        {
            var lab = new LabHarness(config, options);
            var later = lab.Submit(lab.Task("Later", 1)).Task;
            var plain = lab.Submit(lab.Task("Plain", 1)).Task;
            Wait(lab, 2);
            for (var i = 0; i < 5; i++) Wait(lab, 2); // raised at 4, 6, 8, 10 and 12 s: 9 -> 4
            lab.ReadyAgent(1002, 1);
            Assert.Equal(laterFirst ? later : plain, OfferedTask(lab));
        }
    }

    [Fact]
    public void Rules_only_rise_and_never_past_this_builds()
    {
        var lab = new LabHarness(Config(Selector("S", new QueueNode { SkillGroups = [10] })), FirstRules);
        Assert.Equal(RoutingRules.First, lab.Engine.RoutingRulesInForce);
        Assert.False(lab.Run((e, t) => e.UpgradeRouting(t, RoutingRules.Current + 1)).Succeeded);
        lab.Ok((e, t) => e.UpgradeRouting(t, RoutingRules.Current));
        Assert.Equal(RoutingRules.Current, lab.Engine.RoutingRulesInForce);
        Assert.False(lab.Run((e, t) => e.UpgradeRouting(t, RoutingRules.First)).Succeeded);
        lab.Ok((e, t) => e.UpgradeRouting(t, RoutingRules.Current));

        // A snapshot carries them.
        var restored = new RoutingEngine(lab.Engine.Configuration, FirstRules);
        restored.RestoreSnapshot(lab.Engine.WriteSnapshot());
        Assert.Equal(RoutingRules.Current, restored.RoutingRulesInForce);
    }
}
