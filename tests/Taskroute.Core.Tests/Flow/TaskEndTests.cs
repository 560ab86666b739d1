using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Tests.Flow;

/// <summary>Every way a task ends or goes back to queue, with CCE's dispositions.</summary>
public class TaskEndTests
{
    private readonly LabHarness _lab = new();

    [Fact]
    public void An_agent_signed_out_of_an_mrd_shows_it_not_routable_there()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        Assert.True(_lab.Engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd).Routable);
        _lab.Ok((e, t) => e.SignOut(t, 1080, LabConfiguration.TaskMrd));
        var media = _lab.Engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd);
        Assert.Equal((AgentState.LOGOUT, false), (media.State, media.Routable));
    }

    [Fact]
    public void Ring_no_answer_makes_the_agent_not_routable_and_puts_the_task_back_at_the_head_of_its_queue()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        var (first, task) = _lab.Submit();
        var reservedId = _lab.DialogOf(1080);
        _lab.Advance(TimeSpan.FromSeconds(1));
        var (second, _) = _lab.Submit(); // goes to 1080 too (3 slots)
        _lab.Ok((e, t) => e.SetNotReady(t, 1080, LabConfiguration.TaskMrd, 5));
        _lab.Advance(TimeSpan.FromSeconds(1));
        var (third, _) = _lab.Submit(); // waits: 1080 is not ready

        _lab.Advance(TimeSpan.FromSeconds(28));
        _lab.Ok((e, t) => e.Tick(t));
        Assert.Equal(
            [
                "Clock->AgentPeripheral TIMER_EXPIRED",
                "AgentPeripheral->Desktop AGENT_EVENT",
                "AgentPeripheral->Desktop AGENT_PRE_CALL_ABORT_EVENT",
                "AgentPeripheral->Desktop AGENT_MADE_NOT_ROUTABLE_EVENT",
                "AgentPeripheral->Router REQUEUE_TASK",
                "Router->MediaRouting QUEUED_TASK_EVENT",
                "MediaRouting->Ccp QUEUED_TASK_EVENT",
                "Ccp->Application SOCIAL_CONTACT_UPDATED",
            ],
            LabHarness.Hops(_lab.Last.Where(e => e.Task == task || e.Task == 0)).Take(8));
        var media = _lab.Engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd);
        Assert.False(media.Routable);
        Assert.Equal(ContactStatus.Queued, _lab.Engine.FindContact(first)!.Status);
        Assert.Equal(Disposition.RingNoAnswer, _lab.Last.Single(e => e.Message == MessageType.AGENT_PRE_CALL_ABORT_EVENT && e.Task == task).Disposition);

        // The next agent takes the task that rang out before the one that was already waiting.
        _lab.ReadyAgent(1082, LabConfiguration.TaskMrd);
        var preCalls = _lab.Last.Where(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND).ToList();
        Assert.Equal(task, preCalls[0].Task);
        Assert.Equal(reservedId with { Sequence = 2 }, preCalls[0].TaskId);
        Assert.Equal(third, _lab.Engine.FindContact(third)!.Id);
        Assert.Equal(ContactStatus.Reserved, _lab.Engine.FindContact(second)!.Status);
    }

    [Fact]
    public void An_offered_task_no_longer_rings_out_and_ends_when_its_task_life_runs_out()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        var (contact, _) = _lab.Submit();
        var dialog = _lab.DialogOf(1080);
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Accept));

        _lab.Advance(TimeSpan.FromSeconds(60));
        _lab.Ok((e, t) => e.Tick(t));
        Assert.Single(_lab.Engine.Dialogs(1080));

        _lab.Advance(TimeSpan.FromSeconds(1200));
        _lab.Ok((e, t) => e.Tick(t));
        Assert.Empty(_lab.Engine.Dialogs(1080));
        var c = _lab.Engine.FindContact(contact)!;
        Assert.Equal((ContactStatus.Discarded, Disposition.MaxTaskLifetimeExceeded), (c.Status, c.Disposition));
        Assert.Equal(1200_000 + LabHarness.SeedMorning, _lab.Last.Single(e => e.Message == MessageType.TIMER_EXPIRED).Time);
    }

    [Fact]
    public void A_started_task_ends_at_the_max_task_duration()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        var (contact, _) = _lab.Submit();
        var dialog = _lab.DialogOf(1080);
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Start));
        _lab.Advance(TimeSpan.FromSeconds(28_800));
        _lab.Ok((e, t) => e.Tick(t));
        var c = _lab.Engine.FindContact(contact)!;
        Assert.Equal((ContactStatus.Handled, Disposition.MaxTaskLifetimeExceeded, "max task duration"), (c.Status, c.Disposition, c.StatusReason));
        Assert.Equal(AgentState.NOT_ACTIVE, _lab.Engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd).State);
    }

    [Fact]
    public void A_task_waiting_past_the_max_time_in_queue_is_abandoned_in_the_router()
    {
        var (contact, _) = _lab.Submit(_lab.Task(LabConfiguration.ChatSelector, LabConfiguration.ChatFeed));
        _lab.Advance(TimeSpan.FromSeconds(299));
        _lab.Ok((e, t) => e.Tick(t));
        Assert.Equal(ContactStatus.Queued, _lab.Engine.FindContact(contact)!.Status);
        // The chat MRD's task life (300 s) comes before its max time in queue (600 s).
        _lab.Advance(TimeSpan.FromSeconds(1));
        _lab.Ok((e, t) => e.Tick(t));
        Assert.Equal(Disposition.MaxTaskLifetimeExceeded, _lab.Engine.FindContact(contact)!.Disposition);
        Assert.Equal(0, _lab.Engine.QueuedTasks(LabConfiguration.ChatMrd));
    }

    [Fact]
    public void Max_time_in_queue_and_max_tasks_in_queue_end_tasks_as_abandoned_in_router()
    {
        var config = new RoutingConfiguration
        {
            Mrds = [new MediaRoutingDomain { Id = 1, Name = "M", MaxTimeInQueueSeconds = 60, MaxTasksInQueue = 2 }],
            SkillGroups = [new SkillGroup { Id = 10, Name = "G", MrdId = 1 }],
            Agents = [new AgentConfig { Id = 100, LoginId = 1000, SkillGroups = [10] }],
            ScriptSelectors = [new ScriptSelector { Name = "S", MrdId = 1, Script = [new QueueNode { SkillGroups = [10] }] }],
            TaskFeeds = [new TaskFeed { Id = 1, Name = "f" }],
        };
        var lab = new LabHarness(config);
        var a = lab.Submit(lab.Task("S", 1));
        var b = lab.Submit(lab.Task("S", 1));
        var c = lab.Submit(lab.Task("S", 1));
        Assert.Equal((Disposition.AbandonedInRouter, "max tasks in queue"), (lab.Engine.FindContact(c.Contact)!.Disposition, lab.Engine.FindContact(c.Contact)!.StatusReason));

        lab.Advance(TimeSpan.FromSeconds(60));
        lab.Ok((e, t) => e.Tick(t));
        foreach (var x in new[] { a, b })
        {
            var contact = lab.Engine.FindContact(x.Contact)!;
            Assert.Equal((ContactStatus.Discarded, Disposition.AbandonedInRouter, "max time in queue"), (contact.Status, contact.Disposition, contact.StatusReason));
        }
    }

    [Fact]
    public void Cancel_works_while_queued_and_is_refused_once_an_agent_has_the_task()
    {
        var (queued, _) = _lab.Submit();
        _lab.Ok((e, t) => e.CancelTask(t, queued));
        Assert.Equal(
            [
                "Application->Ccp DELETE_SOCIAL_CONTACT",
                "Ccp->MediaRouting CANCEL_TASK",
                "MediaRouting->Router RELEASE_CALL",
                "Router->MediaRouting ROUTE_END",
                "MediaRouting->Ccp NEW_TASK_FAILURE_EVENT",
                "Ccp->Application SOCIAL_CONTACT_UPDATED",
            ],
            LabHarness.Hops(_lab.Last));
        var c = _lab.Engine.FindContact(queued)!;
        Assert.Equal((ContactStatus.Cancelled, Disposition.AbandonedInRouter), (c.Status, c.Disposition));

        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        var (reserved, _) = _lab.Submit();
        var refused = _lab.Run((e, t) => e.CancelTask(t, reserved));
        Assert.Equal(ArmStatus.ContactNotCancellable, refused.Status);
        Assert.Contains("reserved", refused.Detail);
        Assert.Empty(_lab.Last);
    }

    [Fact]
    public void An_unknown_script_selector_discards_the_task_with_disposition_49()
    {
        var (contact, _) = _lab.Submit(_lab.Task("NoSuchSelector"));
        var c = _lab.Engine.FindContact(contact)!;
        Assert.Equal((ContactStatus.Discarded, Disposition.InvalidScriptSelector), (c.Status, c.Disposition));
        Assert.Contains(_lab.Last, e => e.Message == MessageType.ROUTE_END && e.Disposition == Disposition.InvalidScriptSelector);
    }

    [Fact]
    public void A_blind_transfer_ends_the_task_as_transferred_and_routes_a_new_task_that_names_it()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        _lab.ReadyAgent(1080, LabConfiguration.ChatMrd);
        var (contact, task) = _lab.Submit();
        var dialog = _lab.DialogOf(1080);
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Start));
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Transfer, scriptSelector: LabConfiguration.ChatSelector));

        var close = _lab.Last.Single(e => e.Message == MessageType.CLOSE_TASK);
        Assert.Equal((task, Disposition.TaskTransferred), (close.Task, close.Disposition));
        var newTask = _lab.Last.Single(e => e.Message == MessageType.NEW_TASK);
        Assert.Equal(dialog, newTask.Data!.PreviousTask);
        Assert.Equal(LabConfiguration.ChatSelector, newTask.ScriptSelector);
        Assert.NotEqual(task, newTask.Task);
        var routed = _lab.Engine.Dialogs(1080).Single();
        Assert.Equal(LabConfiguration.ChatMrd, routed.MrdId);
        Assert.Equal(ContactStatus.Reserved, _lab.Engine.FindContact(contact)!.Status);
        Assert.Equal(newTask.Task, _lab.Engine.FindContact(contact)!.Task);
    }

    [Fact]
    public void Sign_out_closes_started_tasks_and_requeues_reserved_ones()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        var (started, _) = _lab.Submit();
        _lab.Ok((e, t) => e.Act(t, 1080, _lab.DialogOf(1080), DialogAction.Start));
        var (reserved, _) = _lab.Submit();

        _lab.Ok((e, t) => e.SignOut(t, 1080, LabConfiguration.TaskMrd, 12));
        Assert.Equal((ContactStatus.Handled, Disposition.AgentLoggedOutDuringTask),
            (_lab.Engine.FindContact(started)!.Status, _lab.Engine.FindContact(started)!.Disposition));
        Assert.Equal(ContactStatus.Queued, _lab.Engine.FindContact(reserved)!.Status);
        Assert.Equal(AgentState.LOGOUT, _lab.Last.Last(e => e.Message == MessageType.AGENT_EVENT).AgentState);
        Assert.Equal(1, _lab.Engine.QueuedTasks(LabConfiguration.TaskMrd));
    }

    [Fact]
    public void Sign_out_with_the_transfer_logout_action_transfers_started_tasks_to_their_script_selector()
    {
        _lab.Ok((e, t) => e.SignIn(t, 1080, LabConfiguration.TaskMrd, dialogLogoutAction: DialogLogoutAction.Transfer));
        _lab.Ok((e, t) => e.SetReady(t, 1080, LabConfiguration.TaskMrd));
        var (contact, task) = _lab.Submit();
        _lab.Ok((e, t) => e.Act(t, 1080, _lab.DialogOf(1080), DialogAction.Start));
        _lab.Ok((e, t) => e.SignOut(t, 1080, LabConfiguration.TaskMrd));

        Assert.Equal(Disposition.TaskTransferredOnAgentLogout, _lab.Last.Single(e => e.Message == MessageType.CLOSE_TASK).Disposition);
        var c = _lab.Engine.FindContact(contact)!;
        Assert.Equal(ContactStatus.Queued, c.Status);
        Assert.NotEqual(task, c.Task);
    }

    [Fact]
    public void Ending_an_offered_task_before_start_is_abandoned_while_offered()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        var (contact, _) = _lab.Submit();
        var dialog = _lab.DialogOf(1080);
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Accept));
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Close));
        var c = _lab.Engine.FindContact(contact)!;
        Assert.Equal((ContactStatus.Discarded, Disposition.AbandonedWhileOffered), (c.Status, c.Disposition));
    }
}
