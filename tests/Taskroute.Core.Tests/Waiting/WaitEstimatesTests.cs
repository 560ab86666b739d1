using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Core.Waiting;

namespace Taskroute.Core.Tests.Waiting;

public class WaitEstimatesTests
{
    private readonly LabHarness _lab = new();
    private readonly WaitEstimates _waits = new(LabConfiguration.Create());

    // Runs a command as a server's loop does: the estimates see every live command's events.
    private void Run(Func<RoutingEngine, long, CommandResult> command)
    {
        _lab.Ok(command);
        _waits.Observe(_lab.Engine, _lab.Engine.Events);
    }

    private Guid Chat(string[]? callVariables = null, int priority = 0)
    {
        var data = _lab.Task(LabConfiguration.ChatSelector, LabConfiguration.ChatFeed, callVariables: callVariables, priority: priority);
        Run((e, t) => e.SubmitTask(t, data));
        return data.ContactId;
    }

    private int? Estimate(Guid contact) => _waits.ForContact(_lab.Engine, contact, _lab.Now);

    // Agent 1082 works the chat MRD in Chat_Sales only: it takes five chats (its limit) and starts them.
    private void FiveChatsStartedBy1082()
    {
        Run((e, t) => e.SignIn(t, 1082, LabConfiguration.ChatMrd));
        Run((e, t) => e.SetReady(t, 1082, LabConfiguration.ChatMrd));
        for (var i = 0; i < 5; i++) Chat();
        foreach (var dialog in _lab.Engine.Dialogs(1082).Select(d => d.TaskId).ToList()) Run((e, t) => e.Act(t, 1082, dialog, DialogAction.Start));
    }

    [Fact]
    public void A_task_waits_for_the_tasks_ahead_of_it_in_its_queue_at_that_queues_own_rate()
    {
        FiveChatsStartedBy1082();

        // Five started in five minutes: one a minute. The first waiting is next, the second after it.
        var (first, second) = (Chat(), Chat());
        Assert.Equal((60, 120), (Estimate(first), Estimate(second)));

        // A task of higher priority is taken before both: nobody is ahead of it.
        Assert.Equal(60, Estimate(Chat(priority: 1)));

        // The Spanish precision queue, in the same MRD, served nobody: its wait is unknown.
        Assert.Null(Estimate(Chat(["es"])));
    }

    [Fact]
    public void A_wait_that_could_not_be_estimated_is_tried_again_once_agents_take_tasks()
    {
        Run((e, t) => e.SignIn(t, 1082, LabConfiguration.ChatMrd));
        Run((e, t) => e.SetReady(t, 1082, LabConfiguration.ChatMrd));
        for (var i = 0; i < 5; i++) Chat();
        var waiting = Chat();
        Assert.Null(Estimate(waiting));

        foreach (var dialog in _lab.Engine.Dialogs(1082).Select(d => d.TaskId).ToList()) Run((e, t) => e.Act(t, 1082, dialog, DialogAction.Start));
        Assert.Equal(60, Estimate(waiting));
        _lab.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(60, Estimate(waiting)); // made once, then kept
    }

    [Fact]
    public void A_queues_row_estimates_its_wait_from_its_own_rate_and_is_unknown_for_a_queue_that_served_nobody()
    {
        FiveChatsStartedBy1082();
        Chat();
        Chat();
        var figures = new List<QueueFigures>();
        _lab.Engine.QueueFigures(figures);
        var sales = figures.Single(f => f.SkillGroupId == LabConfiguration.ChatSalesSkillGroup);
        var spanish = figures.Single(f => f.PrecisionQueueId == LabConfiguration.SpanishChatQueue);

        // Two waiting at one a minute: the row says two minutes, as the MRD's row reckons its own.
        Assert.Equal(2, sales.Queued);
        Assert.Equal(120, _waits.ForQueue(in sales, _lab.Now));
        Assert.Null(_waits.ForQueue(in spanish, _lab.Now));

        // Nothing waiting and an agent free: no wait at all, whatever the rate.
        var free = sales with { Queued = 0, AgentsAvailable = 1 };
        Assert.Equal(0, _waits.ForQueue(in free, _lab.Now));
    }
}
