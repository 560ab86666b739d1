using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
using Taskroute.Core.Lab;

namespace Taskroute.Core.Tests.Flow;

/// <summary>Commands that make no sense are refused with CCE's reason and leave no event behind.</summary>
public class RefusalTests
{
    private readonly LabHarness _lab = new();

    private string Refused(ArmStatus status, Func<Taskroute.Core.Engine.RoutingEngine, long, Taskroute.Core.Engine.CommandResult> command)
    {
        var result = _lab.Run(command);
        Assert.Equal(status, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
        Assert.Empty(_lab.Last);
        return result.Detail!;
    }

    [Fact]
    public void Agent_commands_before_sign_in_are_refused_as_agent_not_logged_in()
    {
        Refused(ArmStatus.AgentNotLoggedIn, (e, t) => e.SetReady(t, 1080, LabConfiguration.TaskMrd));
        Refused(ArmStatus.AgentNotLoggedIn, (e, t) => e.SetRoutable(t, 1080, LabConfiguration.TaskMrd, false));
        Refused(ArmStatus.AgentNotLoggedIn, (e, t) => e.SignOut(t, 1080, LabConfiguration.TaskMrd));
    }

    [Fact]
    public void Unknown_agents_and_mrds_are_refused()
    {
        Refused(ArmStatus.AgentNotFound, (e, t) => e.SignIn(t, 4242, LabConfiguration.TaskMrd));
        Refused(ArmStatus.MrdNotFound, (e, t) => e.SignIn(t, 1080, 9999));
    }

    [Fact]
    public void Signing_in_twice_is_refused_as_already_logged_in()
    {
        _lab.Ok((e, t) => e.SignIn(t, 1080, LabConfiguration.TaskMrd));
        Refused(ArmStatus.AgentAlreadyLoggedIn, (e, t) => e.SignIn(t, 1080, LabConfiguration.TaskMrd));
    }

    [Fact]
    public void Out_of_order_dialog_actions_are_refused_as_invalid_message_sequence()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        _lab.Submit();
        var dialog = _lab.DialogOf(1080);
        Refused(ArmStatus.InvalidMessageSequence, (e, t) => e.Act(t, 1080, dialog, DialogAction.Pause));
        Refused(ArmStatus.InvalidMessageSequence, (e, t) => e.Act(t, 1080, dialog, DialogAction.Resume));
        Refused(ArmStatus.InvalidMessageSequence, (e, t) => e.Act(t, 1080, dialog, DialogAction.Transfer, scriptSelector: "CumulusChat"));
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Start));
        Refused(ArmStatus.InvalidMessageSequence, (e, t) => e.Act(t, 1080, dialog, DialogAction.Accept));
    }

    [Fact]
    public void A_refusal_names_the_action_as_clients_do()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        _lab.Submit();
        var dialog = _lab.DialogOf(1080);
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Start));
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.WrapUp));
        var why = Refused(ArmStatus.InvalidMessageSequence, (e, t) => e.Act(t, 1080, dialog, DialogAction.WrapUp));
        Assert.Contains("WRAP_UP is not valid for a dialog that is WRAPPING_UP", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Acting_on_another_agents_dialog_or_an_unknown_one_is_task_not_found()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        _lab.ReadyAgent(1081, LabConfiguration.TaskMrd);
        _lab.Submit();
        var dialog = _lab.DialogOf(1080);
        Refused(ArmStatus.TaskNotFound, (e, t) => e.Act(t, 1081, dialog, DialogAction.Start));
        Refused(ArmStatus.TaskNotFound, (e, t) => e.Act(t, 1080, new IcmTaskId(1, 2, 3), DialogAction.Start));
    }

    [Fact]
    public void A_transfer_to_an_unknown_script_selector_is_refused()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        _lab.Submit();
        var dialog = _lab.DialogOf(1080);
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Start));
        Refused(ArmStatus.InvalidArgument, (e, t) => e.Act(t, 1080, dialog, DialogAction.Transfer, scriptSelector: "Nowhere"));
    }

    [Theory]
    [InlineData("", "Title", "name: required")]
    [InlineData("A\nB", "Title", "line break")]
    [InlineData("Name", "", "title: required")]
    public void A_task_breaking_the_task_api_limits_is_refused_naming_the_field(string name, string title, string message)
    {
        var data = new TaskData { ContactId = Guid.NewGuid(), FeedId = LabConfiguration.TaskFeed, Name = name, Title = title, ScriptSelector = "CumulusTask" };
        var result = _lab.Run((e, t) => e.SubmitTask(t, data));
        Assert.Equal(ArmStatus.InvalidArgument, result.Status);
        Assert.Contains(message, result.Detail);
        Assert.Empty(_lab.Last);
    }

    [Fact]
    public void Call_variables_over_40_characters_and_ecc_variables_over_2000_bytes_are_refused()
    {
        var longCv = new TaskData { ContactId = Guid.NewGuid(), FeedId = LabConfiguration.TaskFeed, Name = "n", Title = "t", ScriptSelector = "CumulusTask", CallVariables = [new string('x', 41)] };
        Assert.Contains("cv_1", _lab.Run((e, t) => e.SubmitTask(t, longCv)).Detail);
        var bigEcc = new TaskData
        {
            ContactId = Guid.NewGuid(), FeedId = LabConfiguration.TaskFeed, Name = "n", Title = "t", ScriptSelector = "CumulusTask",
            EccVariables = [new("a", new string('x', 1500)), new("b", new string('y', 600))],
        };
        Assert.Contains("2000", _lab.Run((e, t) => e.SubmitTask(t, bigEcc)).Detail);
    }

    [Fact]
    public void A_second_submission_with_the_same_contact_id_or_to_an_unknown_feed_is_refused()
    {
        var data = _lab.Task();
        _lab.Submit(data);
        Assert.Equal(ArmStatus.DuplicateContact, _lab.Run((e, t) => e.SubmitTask(t, data)).Status);
        Assert.Equal(ArmStatus.TaskFeedNotFound, _lab.Run((e, t) => e.SubmitTask(t, _lab.Task(feed: 1))).Status);
    }
}
