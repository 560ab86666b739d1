using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Core.Modules.Desktop;

namespace Taskroute.Core.Tests.Flow;

/// <summary>
/// Finesse's recovery after a failure: a desktop signs in again to restore its media settings. The
/// sign-in is refused as already logged in, and the limit and actions are reset all the same; the
/// agent's state and tasks stay.
/// </summary>
public class RepeatedSignInTests
{
    private const int Agent = 1080;
    private const int Mrd = LabConfiguration.TaskMrd;
    private readonly LabHarness _lab = new();

    private AgentMedia Media => _lab.Engine.AgentMedia(Agent).Single(m => m.MrdId == Mrd);

    [Fact]
    public void Signing_in_again_is_refused_as_already_logged_in_yet_resets_the_limit_and_the_actions_and_keeps_the_state()
    {
        _lab.Ok((e, t) => e.SignIn(t, Agent, Mrd, 3, InterruptAction.Accept, DialogLogoutAction.Close));
        _lab.Ok((e, t) => e.SetReady(t, Agent, Mrd));
        var stateBefore = Media.State;

        var again = _lab.Run((e, t) => e.SignIn(t, Agent, Mrd, 1, InterruptAction.Ignore, DialogLogoutAction.Transfer, resetIfSignedIn: true));

        Assert.Equal(ArmStatus.AgentAlreadyLoggedIn, again.Status);
        Assert.Contains("reset", again.Detail, StringComparison.Ordinal);
        Assert.Equal(1, Media.MaxTaskLimit);
        Assert.Equal(stateBefore, Media.State);
        Assert.Equal((InterruptAction.Ignore, DialogLogoutAction.Transfer), _lab.Engine.SignInSettings(Agent, Mrd));
        Assert.Contains(_lab.Last, e => e.Message == MessageType.AGENT_EVENT && e.MrdId == Mrd && e.MaxTaskLimit == 1);
        Assert.True(again.Applied);
        Assert.Null(_lab.Engine.CheckInvariants());

        // The new limit routes: one task is offered, the second waits.
        _lab.Submit();
        _lab.Submit();
        Assert.Single(_lab.Engine.Dialogs(Agent));
    }

    [Fact]
    public void Signing_in_again_without_a_limit_resets_it_to_the_mrds()
    {
        _lab.Ok((e, t) => e.SignIn(t, Agent, Mrd, 1));
        var again = _lab.Run((e, t) => e.SignIn(t, Agent, Mrd, resetIfSignedIn: true));
        Assert.Equal(ArmStatus.AgentAlreadyLoggedIn, again.Status);
        Assert.Equal(3, Media.MaxTaskLimit);
    }

    [Fact]
    public void Signing_in_again_with_a_limit_below_the_tasks_held_is_refused_and_changes_nothing()
    {
        _lab.ReadyAgent(Agent, Mrd);
        _lab.Submit();
        _lab.Submit();
        Assert.Equal(2, _lab.Engine.Dialogs(Agent).Count);

        var again = _lab.Run((e, t) => e.SignIn(t, Agent, Mrd, 1, InterruptAction.Ignore, DialogLogoutAction.Transfer, resetIfSignedIn: true));

        Assert.Equal(ArmStatus.InvalidArgument, again.Status);
        Assert.Contains("holds 2 tasks", again.Detail, StringComparison.Ordinal);
        Assert.Empty(_lab.Last);
        Assert.Equal(3, Media.MaxTaskLimit);
        Assert.Equal((InterruptAction.Accept, DialogLogoutAction.Close), _lab.Engine.SignInSettings(Agent, Mrd));
    }

    [Fact]
    public void A_repeated_sign_in_journaled_before_it_reset_anything_replays_as_it_ran()
    {
        _lab.Ok((e, t) => e.SignIn(t, Agent, Mrd, 1));
        var again = _lab.Run((e, t) => e.Execute(new Commands.SignIn(t, Agent, Mrd, 2)));
        Assert.Equal(ArmStatus.AgentAlreadyLoggedIn, again.Status);
        Assert.Empty(_lab.Last);
        Assert.Equal(1, Media.MaxTaskLimit);
    }
}
