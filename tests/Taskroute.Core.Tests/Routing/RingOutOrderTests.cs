using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Tests.Routing;

/// <summary>
/// Tasks an agent took the moment they were queued, and let ring out, go back in line by when they
/// arrived, like tasks that waited first. Skill group 10 has agents 1100 to 1102; 1103 serves
/// skill groups 10 and 11, 1104 only 11. Two tasks at a time, a 6 s start timeout.
/// </summary>
public class RingOutOrderTests
{
    private static RoutingConfiguration Config() => new()
    {
        Mrds = [new MediaRoutingDomain { Id = 1, Name = "Task", MaxTasksPerAgent = 2, TaskStartTimeoutSeconds = 6, TaskLifeSeconds = 600 }],
        SkillGroups = [new SkillGroup { Id = 10, Name = "A", MrdId = 1 }, new SkillGroup { Id = 11, Name = "B", MrdId = 1 }],
        Agents =
        [
            new AgentConfig { Id = 100, LoginId = 1100, SkillGroups = [10] },
            new AgentConfig { Id = 101, LoginId = 1101, SkillGroups = [10] },
            new AgentConfig { Id = 102, LoginId = 1102, SkillGroups = [10] },
            new AgentConfig { Id = 103, LoginId = 1103, SkillGroups = [10, 11] },
            new AgentConfig { Id = 104, LoginId = 1104, SkillGroups = [11] },
        ],
        ScriptSelectors =
        [
            new ScriptSelector { Name = "A", MrdId = 1, Script = [new QueueNode { SkillGroups = [10], Priority = 5 }] },
            new ScriptSelector { Name = "B", MrdId = 1, Script = [new QueueNode { SkillGroups = [11], Priority = 5 }] },
        ],
        TaskFeeds = [new TaskFeed { Id = 1, Name = "feed" }],
    };

    private static void Wait(LabHarness lab, int milliseconds)
    {
        lab.Advance(TimeSpan.FromMilliseconds(milliseconds));
        lab.Ok((e, t) => e.Tick(t));
    }

    private static int[] Offered(LabHarness lab, int agent) => [.. lab.Engine.Dialogs(agent).Select(d => d.Task).Order()];

    // The outside review's case: three agents, four tasks, all routed at once and all rung out; the
    // first two twice (their first ring-out went straight to another agent), the last two once.
    private static (LabHarness Lab, List<int> Tasks) EveryTaskRingsOut(int rules)
    {
        var lab = new LabHarness(Config(), new EngineOptions { RoutingRules = rules });
        foreach (var agent in new[] { 1101, 1100, 1102 })
        {
            lab.Ok((e, t) => e.SignIn(t, agent, 1, maxTaskLimit: 2));
            lab.Ok((e, t) => e.SetReady(t, agent, 1));
            lab.Advance(TimeSpan.FromMilliseconds(300));
        }
        var tasks = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            tasks.Add(lab.Submit(lab.Task("A", 1)).Task);
            lab.Advance(TimeSpan.FromMilliseconds(400));
        }
        // Ticks as a server's would come: an offer made while a late tick catches up rings from the tick.
        for (var i = 0; i < 140; i++) Wait(lab, 100);
        Assert.Equal(4, lab.Engine.QueuedTasks(1));
        Assert.All(new[] { 1100, 1101, 1102 }, agent => Assert.Empty(lab.Engine.Dialogs(agent)));
        return (lab, tasks);
    }

    [Theory]
    [InlineData(RoutingRules.Current, new[] { 0, 1 })]
    [InlineData(RoutingRules.StepsKeepTheirDeadlines, new[] { 2, 3 })]
    public void An_agent_made_routable_after_its_ring_outs_takes_the_oldest_tasks_first(int rules, int[] expected)
    {
        var (lab, tasks) = EveryTaskRingsOut(rules);
        // 1100 let the first task ring out at its second offer: that changes nothing of its place.
        lab.Ok((e, t) => e.SetRoutable(t, 1100, 1, true));
        // Under the older rules the tasks came back in the order they rang out: the last two first.
        Assert.Equal(expected.Select(i => tasks[i]), Offered(lab, 1100));
    }

    [Fact]
    public void Every_agent_takes_the_tasks_that_rang_out_in_the_order_they_arrived()
    {
        var (lab, tasks) = EveryTaskRingsOut(RoutingRules.Current);
        lab.Ok((e, t) => e.ChangeMaxTaskLimit(t, 1102, 1, 1));
        var order = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            lab.Ok((e, t) => e.SetRoutable(t, 1102, 1, true));
            var dialog = lab.DialogOf(1102);
            order.Add(lab.Engine.Dialogs(1102).Single().Task);
            lab.Ok((e, t) => e.Act(t, 1102, dialog, DialogAction.Start));
            lab.Ok((e, t) => e.Act(t, 1102, dialog, DialogAction.Close));
        }
        Assert.Equal(tasks, order);
    }

    [Theory]
    [InlineData(RoutingRules.Current, true)]
    [InlineData(RoutingRules.StepsKeepTheirDeadlines, false)]
    public void A_task_routed_at_once_that_rings_out_goes_back_behind_a_task_that_waited_before_it_came(int rules, bool waitingFirst)
    {
        var lab = new LabHarness(Config(), new EngineOptions { RoutingRules = rules });
        var waiting = lab.Submit(lab.Task("A", 1)).Task; // no agent of skill group 10 yet
        lab.Advance(TimeSpan.FromSeconds(1));
        lab.ReadyAgent(1104, 1);
        var routed = lab.Submit(lab.Task("B", 1)).Task;
        Assert.Equal([routed], Offered(lab, 1104));
        Wait(lab, 6_000);
        Assert.Empty(lab.Engine.Dialogs(1104));

        // 1103 serves both queues and takes one task: the one that came first.
        lab.Ok((e, t) => e.SignIn(t, 1103, 1, maxTaskLimit: 1));
        lab.Ok((e, t) => e.SetReady(t, 1103, 1));
        Assert.Equal([waitingFirst ? waiting : routed], Offered(lab, 1103));
    }
}
