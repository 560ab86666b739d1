using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
using Taskroute.Core.Lab;

namespace Taskroute.Core.Tests.Flow;

/// <summary>The TechNote's task, message by message: agent 1080 ready in MRD 5011, one task on CumulusTask.</summary>
public class SeedFlowTests
{
    private readonly LabHarness _lab = new();

    public SeedFlowTests() => _lab.ReadyAgent(LabConfiguration.SeedLoginId, LabConfiguration.TaskMrd);

    [Fact]
    public void A_submitted_task_reaches_the_ready_agent_in_the_seeds_message_order()
    {
        _lab.Advance(TimeSpan.FromSeconds(109.233));
        _lab.Submit();

        Assert.Equal(
            [
                "Application->Ccp CREATE_SOCIAL_CONTACT",
                "Ccp->Application SOCIAL_CONTACT_CREATED",
                "Ccp->MediaRouting NEW_TASK",
                "Ccp->Application SOCIAL_CONTACT_UPDATED",
                "MediaRouting->Router NEW_CALL",
                "Router->AgentPeripheral DEVICE_TARGET_PRE_CALL_IND",
                "Router->MediaRouting CONNECT",
                "AgentPeripheral->Desktop AGENT_EVENT",
                "AgentPeripheral->Desktop AGENT_PRE_CALL_EVENT",
                "MediaRouting->Ccp DO_THIS_WITH_TASK",
                "Ccp->Application SOCIAL_CONTACT_UPDATED",
            ],
            LabHarness.Hops(_lab.Last));
    }

    [Fact]
    public void The_task_carries_the_seeds_ids_from_router_to_application()
    {
        _lab.Advance(TimeSpan.FromSeconds(109.233));
        var (contact, _) = _lab.Submit();

        var preCall = _lab.Last.Single(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND);
        Assert.Equal(new IcmTaskId(154526, 37051928, 1), preCall.TaskId);
        Assert.Equal(LabConfiguration.TaskSkillGroup, preCall.SkillGroupId);
        Assert.Equal(LabConfiguration.SeedAgentId, preCall.AgentId);
        Assert.Equal(LabConfiguration.TaskMrd, preCall.MrdId);
        Assert.Equal(LabConfiguration.TaskSelector, preCall.ScriptSelector);
        Assert.Equal(RoutingRule.LongestAvailableAgent, preCall.Rule);

        var doThis = _lab.Last.Single(e => e.Message == MessageType.DO_THIS_WITH_TASK);
        Assert.Equal((preCall.TaskId, 5199, 5172, 5011), (doThis.TaskId, doThis.SkillGroupId, doThis.AgentId, doThis.MrdId));
        Assert.Equal(_lab.Last.Single(e => e.Message == MessageType.NEW_CALL).DialogueId, doThis.DialogueId);

        var reserved = _lab.Last.Single(e => e.Message == MessageType.AGENT_EVENT);
        Assert.Equal((AgentState.RESERVED, 1, 3, 5011), (reserved.AgentState, reserved.NumTasks, reserved.MaxTaskLimit, reserved.MrdId));

        var statuses = _lab.Last.Where(e => e.Message is MessageType.SOCIAL_CONTACT_CREATED or MessageType.SOCIAL_CONTACT_UPDATED).Select(e => e.ContactStatus);
        Assert.Equal([ContactStatus.Unread, ContactStatus.Queued, ContactStatus.Reserved], statuses);
        Assert.Equal(ContactStatus.Reserved, _lab.Engine.FindContact(contact)!.Status);
    }

    [Fact]
    public void Offer_start_and_end_follow_the_seed_and_leave_the_contact_handled()
    {
        var (contact, _) = _lab.Submit();
        var dialog = _lab.DialogOf(LabConfiguration.SeedLoginId);

        _lab.Advance(TimeSpan.FromSeconds(9));
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Accept));
        Assert.Equal(["Desktop->AgentPeripheral OFFER_TASK_IND", "AgentPeripheral->Desktop OFFER_TASK_EVENT"], LabHarness.Hops(_lab.Last));

        _lab.Advance(TimeSpan.FromSeconds(55));
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Start));
        Assert.Equal(
            ["Desktop->AgentPeripheral START_TASK_IND", "AgentPeripheral->Desktop AGENT_EVENT", "AgentPeripheral->Desktop START_TASK_EVENT"],
            LabHarness.Hops(_lab.Last));
        Assert.Equal(AgentState.ACTIVE, _lab.Last[1].AgentState);

        _lab.Advance(TimeSpan.FromSeconds(77));
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Close));
        Assert.Equal(
            [
                "Desktop->AgentPeripheral END_TASK_IND",
                "AgentPeripheral->Desktop AGENT_EVENT",
                "AgentPeripheral->Desktop END_TASK_EVENT",
                "AgentPeripheral->Router AGENT_UPDATE",
                "Desktop->Ccp CLOSE_TASK",
                "Ccp->Application SOCIAL_CONTACT_UPDATED",
            ],
            LabHarness.Hops(_lab.Last));
        Assert.Equal((AgentState.NOT_ACTIVE, 0), (_lab.Last[1].AgentState, _lab.Last[1].NumTasks));
        Assert.Equal(Disposition.NormalEndTask, _lab.Last[2].Disposition);
        var contactNow = _lab.Engine.FindContact(contact)!;
        Assert.Equal((ContactStatus.Handled, Disposition.NormalEndTask), (contactNow.Status, contactNow.Disposition));
        Assert.Empty(_lab.Engine.Dialogs(1080));
    }

    [Fact]
    public void Pause_resume_and_wrap_up_move_the_agent_through_paused_active_and_work()
    {
        _lab.Submit();
        var dialog = _lab.DialogOf(1080);
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Start));

        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Pause));
        Assert.Equal(AgentState.PAUSED, _lab.Last.Single(e => e.Message == MessageType.AGENT_EVENT).AgentState);
        Assert.Contains(_lab.Last, e => e.Message == MessageType.PAUSE_TASK_EVENT);

        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Resume));
        Assert.Equal(AgentState.ACTIVE, _lab.Last.Single(e => e.Message == MessageType.AGENT_EVENT).AgentState);

        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.WrapUp));
        Assert.Equal(AgentState.WORK, _lab.Last.Single(e => e.Message == MessageType.AGENT_EVENT).AgentState);
        Assert.Equal(DialogState.WRAPPING_UP, _lab.Engine.FindDialog(dialog)!.State);
    }

    [Fact]
    public void A_task_with_no_available_agent_waits_and_the_next_ready_agent_takes_it()
    {
        _lab.Ok((e, t) => e.SetNotReady(t, 1080, 5011, 7));
        var (contact, _) = _lab.Submit();
        Assert.Contains("Router->MediaRouting QUEUED_TASK_EVENT", LabHarness.Hops(_lab.Last));
        Assert.Equal(1, _lab.Engine.QueuedTasks(5011));
        Assert.Equal(TaskState.Queued, _lab.Engine.TaskStateOf(contact));

        _lab.Advance(TimeSpan.FromSeconds(20));
        _lab.ReadyAgent(1081, 5011);
        var preCall = _lab.Last.Single(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND);
        Assert.Equal((5173, RoutingRule.HighestPriorityLongestWaiting), (preCall.AgentId, preCall.Rule));
        Assert.Equal(TaskState.Reserved, _lab.Engine.TaskStateOf(contact));
        Assert.Equal(0, _lab.Engine.QueuedTasks(5011));
    }
}
