using Taskroute.Core.Flow;
using Taskroute.Core.Lab;

namespace Taskroute.Core.Tests.Flow;

/// <summary>How long an agent has to start a task offered to it before it rings out, or its task life ends first.</summary>
public class StartByTests
{
    private readonly LabHarness _lab = new();

    private long? StartBy(int agent) => _lab.Engine.StartBy(Assert.Single(_lab.Engine.Dialogs(agent)));

    [Fact]
    public void An_offered_task_is_to_be_started_within_its_MRDs_start_timeout_once_accepted_within_its_life_and_once_started_has_no_deadline()
    {
        var submittedAt = _lab.Now;
        _lab.Submit();
        // Offered 5 s after its submit, so a life counted from the offer would show.
        _lab.Advance(TimeSpan.FromSeconds(5));
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        var offeredAt = _lab.Now;
        // Cumulus_Task keeps the defaults: a task start timeout of 30 s, a task life of 1,200 s.
        Assert.Equal(offeredAt + 30_000, StartBy(1080));

        // CCE's start timeout runs until the desktop offers the task (Accept): after that only the task's life bounds it.
        _lab.Advance(TimeSpan.FromSeconds(10));
        var dialog = _lab.DialogOf(1080);
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Accept));
        Assert.Equal(submittedAt + 1_200_000, StartBy(1080));

        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Start));
        Assert.Null(StartBy(1080));
    }

    [Fact]
    public void A_task_whose_life_runs_out_before_its_start_timeout_is_to_be_started_before_its_life_ends()
    {
        // Cumulus_Chat: a task lives 300 s from its submit; this one waits 290 s for an agent.
        var submittedAt = _lab.Now;
        _lab.Submit(_lab.Task(LabConfiguration.ChatSelector, LabConfiguration.ChatFeed));
        _lab.Advance(TimeSpan.FromSeconds(290));
        _lab.ReadyAgent(1080, LabConfiguration.ChatMrd);
        Assert.Equal(submittedAt + 300_000, StartBy(1080));
    }

    [Fact]
    public void A_task_rung_out_and_offered_again_is_to_be_started_within_the_timeout_of_its_new_offer()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        _lab.Submit();
        _lab.Advance(TimeSpan.FromSeconds(31));
        // The ring-out makes 1080 not routable; 1081 takes the task when ready.
        _lab.ReadyAgent(1081, LabConfiguration.TaskMrd);
        Assert.Empty(_lab.Engine.Dialogs(1080));
        Assert.Equal(_lab.Now + 30_000, StartBy(1081));
    }
}
