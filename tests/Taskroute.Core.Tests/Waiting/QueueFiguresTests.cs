using Taskroute.Core.Configuration;
using Taskroute.Core.Scripts;
using Taskroute.Core.Tests.Routing;
using Taskroute.Core.Waiting;

namespace Taskroute.Core.Tests.Waiting;

/// <summary>
/// The figures of each skill group and precision queue that a supervisor's queue statistics show,
/// on <see cref="ScriptCentre"/>: skill groups 10 (agents 1000, 1001) and 11 (1001, 1002), precision
/// queue 50 (step 1: 1001; step 2 after 30 s: 1001 and 1002) and 60 (nobody).
/// </summary>
public class QueueFiguresTests
{
    private static readonly ScriptSelector ToGroups = new() { Name = "G", MrdId = 1, Script = [new QueueNode { SkillGroups = [10, 11] }] };
    private static readonly ScriptSelector ToPrecisionQueue = new() { Name = "P", MrdId = 1, Script = [new QueueNode { PrecisionQueue = 50 }] };

    private static Dictionary<(int Group, int Queue), QueueFigures> Figures(LabHarness lab)
    {
        var into = new List<QueueFigures>();
        lab.Engine.QueueFigures(into);
        return into.ToDictionary(f => (f.SkillGroupId, f.PrecisionQueueId));
    }

    [Fact]
    public void Every_skill_group_and_precision_queue_is_listed_once_in_the_configurations_order()
    {
        var lab = new LabHarness(ScriptCentre.Config([ToGroups, ToPrecisionQueue]));
        var into = new List<QueueFigures>();
        lab.Engine.QueueFigures(into);
        Assert.Equal([(10, 0), (11, 0), (0, 50), (0, 60)], into.Select(f => (f.SkillGroupId, f.PrecisionQueueId)));
        Assert.All(into, f => Assert.Equal((1, 0, (long?)null, 0, 0), (f.MrdId, f.Queued, f.OldestSince, f.AgentsSignedIn, f.AgentsAvailable)));
    }

    [Fact]
    public void A_task_queued_to_two_skill_groups_waits_in_each_and_the_oldest_wait_is_the_first_tasks()
    {
        var lab = new LabHarness(ScriptCentre.Config([ToGroups, ToPrecisionQueue]));
        var since = lab.Now;
        lab.Submit(lab.Task("G", 1));
        lab.Advance(TimeSpan.FromSeconds(10));
        lab.Submit(lab.Task("G", 1));

        var figures = Figures(lab);
        Assert.Equal((2, since), (figures[(10, 0)].Queued, figures[(10, 0)].OldestSince));
        Assert.Equal((2, since), (figures[(11, 0)].Queued, figures[(11, 0)].OldestSince));
        Assert.Equal(0, figures[(0, 50)].Queued);
    }

    [Fact]
    public void A_task_that_reached_a_precision_queues_second_step_counts_once_there()
    {
        var lab = new LabHarness(ScriptCentre.Config([ToGroups, ToPrecisionQueue]));
        var since = lab.Now;
        lab.Submit(lab.Task("P", 1));
        lab.Advance(TimeSpan.FromSeconds(31));
        lab.Ok((e, t) => e.Tick(t)); // step 2 added beside step 1

        var queue = Figures(lab)[(0, 50)];
        Assert.Equal((1, since), (queue.Queued, queue.OldestSince));
    }

    [Fact]
    public void Agents_are_counted_signed_in_and_available_per_queue_and_once_in_a_precision_queue_they_match_twice()
    {
        var lab = new LabHarness(ScriptCentre.Config([ToGroups, ToPrecisionQueue]));
        lab.ReadyAgent(1001, 1); // groups 10 and 11; both steps of queue 50
        lab.Ok((e, t) => e.SignIn(t, 1002, 1)); // group 11, step 2; Not Ready

        var figures = Figures(lab);
        Assert.Equal((1, 1), (figures[(10, 0)].AgentsSignedIn, figures[(10, 0)].AgentsAvailable));
        Assert.Equal((2, 1), (figures[(11, 0)].AgentsSignedIn, figures[(11, 0)].AgentsAvailable));
        Assert.Equal((2, 1), (figures[(0, 50)].AgentsSignedIn, figures[(0, 50)].AgentsAvailable));
        Assert.Equal((0, 0), (figures[(0, 60)].AgentsSignedIn, figures[(0, 60)].AgentsAvailable));

        // 1001 takes a task (its limit is one): still signed in, no longer available anywhere.
        lab.Submit(lab.Task("G", 1));
        figures = Figures(lab);
        Assert.Equal((1, 0), (figures[(10, 0)].AgentsSignedIn, figures[(10, 0)].AgentsAvailable));
        Assert.Equal((2, 0), (figures[(0, 50)].AgentsSignedIn, figures[(0, 50)].AgentsAvailable));
        Assert.Equal(0, figures[(10, 0)].Queued);
    }
}
