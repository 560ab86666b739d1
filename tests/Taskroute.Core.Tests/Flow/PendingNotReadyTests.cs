using Taskroute.Core.Flow;
using Taskroute.Core.Lab;

namespace Taskroute.Core.Tests.Flow;

/// <summary>A Not Ready asked while holding tasks waits for them to end, and the desktop says so as it changes.</summary>
public class PendingNotReadyTests
{
    private readonly LabHarness _lab = new();

    private List<(AgentState State, int Reason)> PendingEvents() =>
        [.. _lab.Last.Where(e => e.Message == MessageType.AGENT_PENDING_STATE_EVENT).Select(e => (e.AgentState, e.ReasonCode))];

    private void StartOneTask()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        _lab.Submit();
        var dialog = _lab.DialogOf(1080);
        _lab.Ok((e, t) => e.Act(t, 1080, dialog, DialogAction.Start));
    }

    [Fact]
    public void Not_ready_while_working_says_it_is_pending_and_then_that_it_took_effect_after_the_state_change()
    {
        StartOneTask();
        _lab.Ok((e, t) => e.SetNotReady(t, 1080, LabConfiguration.TaskMrd, 4));
        Assert.Equal([(AgentState.NOT_READY, 4)], PendingEvents());
        var pending = _lab.Last.Single(e => e.Message == MessageType.AGENT_PENDING_STATE_EVENT);
        Assert.Equal((Module.Desktop, Module.Desktop, 1080, LabConfiguration.TaskMrd), (pending.From, pending.To, pending.LoginId, pending.MrdId));

        // Asked again alike, nothing changed: nothing is said.
        _lab.Ok((e, t) => e.SetNotReady(t, 1080, LabConfiguration.TaskMrd, 4));
        Assert.Empty(PendingEvents());

        _lab.Ok((e, t) => e.Act(t, 1080, _lab.DialogOf(1080), DialogAction.Close));
        Assert.Equal([(AgentState.LOGIN, 0)], PendingEvents());
        // The state it became comes first, so a desktop never shows not ready pending after it is not ready.
        var order = _lab.Last.Select(e => e.Message).ToList();
        var notReady = _lab.Last.FindIndex(e => e.Message == MessageType.AGENT_EVENT && e.AgentState == AgentState.NOT_READY && e.MrdId == LabConfiguration.TaskMrd);
        Assert.InRange(notReady, 0, order.IndexOf(MessageType.AGENT_PENDING_STATE_EVENT) - 1);
    }

    [Fact]
    public void Ready_while_not_ready_is_pending_withdraws_it_and_a_new_reason_replaces_it()
    {
        StartOneTask();
        _lab.Ok((e, t) => e.SetNotReady(t, 1080, LabConfiguration.TaskMrd, 4));
        _lab.Ok((e, t) => e.SetNotReady(t, 1080, LabConfiguration.TaskMrd, 7));
        Assert.Equal([(AgentState.NOT_READY, 7)], PendingEvents());
        _lab.Ok((e, t) => e.SetReady(t, 1080, LabConfiguration.TaskMrd));
        Assert.Equal([(AgentState.LOGIN, 0)], PendingEvents());
        Assert.Null(_lab.Engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd).PendingState);
    }

    [Fact]
    public void Not_ready_with_no_task_takes_effect_at_once_and_says_nothing_pending()
    {
        _lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        _lab.Ok((e, t) => e.SetNotReady(t, 1080, LabConfiguration.TaskMrd, 4));
        Assert.Empty(PendingEvents());
        Assert.Contains(_lab.Last, e => e.Message == MessageType.AGENT_EVENT && e.AgentState == AgentState.NOT_READY);
    }

    [Fact]
    public void Signing_out_with_not_ready_pending_says_it_is_no_longer_pending()
    {
        StartOneTask();
        _lab.Ok((e, t) => e.SetNotReady(t, 1080, LabConfiguration.TaskMrd, 4));
        _lab.Ok((e, t) => e.SignOut(t, 1080, LabConfiguration.TaskMrd));
        Assert.Equal([(AgentState.LOGIN, 0)], PendingEvents());
    }
}
