using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Tests.Routing;

public class QueueOrderTests
{
    private static RoutingConfiguration TwoQueues(int maxTasksPerAgent = 1) => new()
    {
        Mrds = [new MediaRoutingDomain { Id = 1, Name = "Chat", MaxTasksPerAgent = maxTasksPerAgent, TaskStartTimeoutSeconds = 30 }],
        SkillGroups = [new SkillGroup { Id = 10, Name = "A", MrdId = 1 }, new SkillGroup { Id = 11, Name = "B", MrdId = 1 }],
        Agents = [new AgentConfig { Id = 100, LoginId = 1000, SkillGroups = [10, 11] }, new AgentConfig { Id = 101, LoginId = 1001, SkillGroups = [10] }],
        ScriptSelectors =
        [
            new ScriptSelector { Name = "LowA", MrdId = 1, Script = [new QueueNode { SkillGroups = [10], Priority = 8 }] },
            new ScriptSelector { Name = "HighB", MrdId = 1, Script = [new QueueNode { SkillGroups = [11], Priority = 2 }] },
            new ScriptSelector { Name = "MidA", MrdId = 1, Script = [new QueueNode { SkillGroups = [10], Priority = 5 }] },
        ],
        TaskFeeds = [new TaskFeed { Id = 1, Name = "feed" }],
    };

    [Fact]
    public void A_freed_agent_takes_the_highest_priority_task_of_all_its_queues_then_the_longest_waiting()
    {
        var lab = new LabHarness(TwoQueues());
        var first = lab.Submit(lab.Task("LowA", feed: 1));
        lab.Advance(TimeSpan.FromSeconds(1));
        var second = lab.Submit(lab.Task("MidA", feed: 1));
        lab.Advance(TimeSpan.FromSeconds(1));
        var third = lab.Submit(lab.Task("MidA", feed: 1));
        lab.Advance(TimeSpan.FromSeconds(1));
        var urgent = lab.Submit(lab.Task("HighB", feed: 1));

        var order = new List<int>();
        lab.ReadyAgent(1000, 1);
        for (var i = 0; i < 4; i++)
        {
            var preCall = lab.Last.Single(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND);
            order.Add(preCall.Task);
            Assert.Equal(RoutingRule.HighestPriorityLongestWaiting, preCall.Rule);
            var dialog = lab.DialogOf(1000);
            lab.Ok((e, t) => e.Act(t, 1000, dialog, DialogAction.Start));
            if (i < 3) lab.Ok((e, t) => e.Act(t, 1000, dialog, DialogAction.Close));
        }
        Assert.Equal([urgent.Task, second.Task, third.Task, first.Task], order);
    }

    [Fact]
    public void Tasks_that_rang_out_go_back_in_line_by_when_they_first_arrived_so_the_older_is_offered_first()
    {
        // One agent, two tasks at a time, a 30 s start timeout.
        var lab = new LabHarness(TwoQueues(maxTasksPerAgent: 2));
        lab.ReadyAgent(1001, 1);
        var older = lab.Submit(lab.Task("MidA", feed: 1));
        lab.Advance(TimeSpan.FromSeconds(1));
        var newer = lab.Submit(lab.Task("MidA", feed: 1));
        lab.Advance(TimeSpan.FromSeconds(1));
        var later = lab.Submit(lab.Task("MidA", feed: 1));

        // Both offered tasks ring out (the older first); RONA leaves the agent not routable.
        lab.Advance(TimeSpan.FromSeconds(29));
        lab.Ok((e, t) => e.Tick(t));
        lab.Advance(TimeSpan.FromSeconds(1));
        lab.Ok((e, t) => e.Tick(t));
        Assert.Empty(lab.Engine.Dialogs(1001));

        // Offered one at a time from here: the older of the two comes first, then the newer, and
        // both before the task that arrived after them.
        lab.Ok((e, t) => e.ChangeMaxTaskLimit(t, 1001, 1, 1));
        var order = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            lab.Ok((e, t) => e.SetReady(t, 1001, 1));
            var dialog = lab.DialogOf(1001);
            order.Add(lab.Engine.Dialogs(1001).Single().Task);
            lab.Ok((e, t) => e.Act(t, 1001, dialog, DialogAction.Start));
            lab.Ok((e, t) => e.Act(t, 1001, dialog, DialogAction.Close));
        }
        Assert.Equal([older.Task, newer.Task, later.Task], order);
    }

    [Fact]
    public void Among_available_agents_the_longest_available_is_chosen()
    {
        var lab = new LabHarness();
        lab.ReadyAgent(1083, LabConfiguration.TaskMrd);
        lab.Advance(TimeSpan.FromSeconds(1));
        lab.ReadyAgent(1081, LabConfiguration.TaskMrd);
        lab.Advance(TimeSpan.FromSeconds(1));
        lab.ReadyAgent(1082, LabConfiguration.TaskMrd);

        lab.Submit();
        var first = lab.Last.Single(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND);
        Assert.Equal((1083, RoutingRule.LongestAvailableAgent, 3), (first.LoginId, first.Rule, first.Candidates));

        // 1083 has room for two more tasks but just took one: it goes to the back of the line.
        lab.Submit();
        Assert.Equal(1081, lab.Last.Single(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND).LoginId);
    }

    [Fact]
    public void An_agent_is_never_given_more_tasks_than_its_limit_in_the_mrd()
    {
        var lab = new LabHarness();
        lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        for (var i = 0; i < 5; i++) lab.Submit();

        Assert.Equal(3, lab.Engine.Dialogs(1080).Count);
        Assert.Equal(2, lab.Engine.QueuedTasks(LabConfiguration.TaskMrd));
        var media = lab.Engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd);
        Assert.Equal((3, 3, AgentAvailability.NotAvailable), (media.NumTasks, media.MaxTaskLimit, media.Availability));
    }

    [Fact]
    public void A_lower_max_dialog_limit_at_sign_in_caps_the_agent_below_the_mrds_limit()
    {
        var lab = new LabHarness();
        lab.Ok((e, t) => e.SignIn(t, 1080, LabConfiguration.TaskMrd, maxTaskLimit: 1));
        lab.Ok((e, t) => e.SetReady(t, 1080, LabConfiguration.TaskMrd));
        lab.Submit();
        lab.Submit();
        Assert.Single(lab.Engine.Dialogs(1080));
        Assert.Equal(1, lab.Engine.QueuedTasks(LabConfiguration.TaskMrd));
    }

    [Fact]
    public void A_not_routable_agent_is_passed_over_while_it_stays_ready()
    {
        var lab = new LabHarness();
        lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        lab.Ok((e, t) => e.SetRoutable(t, 1080, LabConfiguration.TaskMrd, false));
        var media = lab.Engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd);
        Assert.Equal((AgentState.NOT_ACTIVE, AgentAvailability.ApplicationAvailable), (media.State, media.Availability));

        lab.Submit();
        Assert.Empty(lab.Engine.Dialogs(1080));

        lab.Ok((e, t) => e.SetRoutable(t, 1080, LabConfiguration.TaskMrd, true));
        Assert.Single(lab.Engine.Dialogs(1080));
    }

    [Fact]
    public void A_non_interruptible_task_makes_the_agent_unavailable_in_the_other_mrds()
    {
        var lab = new LabHarness();
        // 1080 works tasks (interruptible) and email (not interruptible).
        lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        lab.ReadyAgent(1080, LabConfiguration.EmailMrd);
        lab.Submit(lab.Task(LabConfiguration.EmailSelector, LabConfiguration.EmailFeed));
        Assert.Single(lab.Engine.Dialogs(1080));
        var task = lab.Engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd);
        Assert.Equal(AgentAvailability.NotAvailable, task.Availability);

        lab.Submit();
        Assert.Single(lab.Engine.Dialogs(1080));
        Assert.Equal(1, lab.Engine.QueuedTasks(LabConfiguration.TaskMrd));

        var email = lab.DialogOf(1080);
        lab.Ok((e, t) => e.Act(t, 1080, email, DialogAction.Start));
        lab.Ok((e, t) => e.Act(t, 1080, email, DialogAction.Close));
        // Free of the email, the agent takes the waiting task.
        Assert.Equal(LabConfiguration.TaskMrd, lab.Engine.Dialogs(1080).Single().MrdId);
    }

    [Fact]
    public void A_preferred_agent_gets_the_task_when_available()
    {
        var lab = new LabHarness();
        lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        lab.ReadyAgent(1084, LabConfiguration.TaskMrd);
        lab.Submit(lab.Task(preferredAgent: 5176));
        var preCall = lab.Last.Single(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND);
        Assert.Equal((1084, RoutingRule.PreferredAgent), (preCall.LoginId, preCall.Rule));
    }
}
