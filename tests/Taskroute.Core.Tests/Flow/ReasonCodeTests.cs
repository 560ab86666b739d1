using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;

namespace Taskroute.Core.Tests.Flow;

/// <summary>Configured reason codes: the only ones an agent may give, as Finesse's; none configured, any is taken.</summary>
public class ReasonCodeTests
{
    private static RoutingConfiguration WithReasons() => new()
    {
        Mrds = LabConfiguration.Create().Mrds,
        SkillGroups = LabConfiguration.Create().SkillGroups,
        Attributes = LabConfiguration.Create().Attributes,
        PrecisionQueues = LabConfiguration.Create().PrecisionQueues,
        Agents = LabConfiguration.Create().Agents,
        ScriptSelectors = LabConfiguration.Create().ScriptSelectors,
        TaskFeeds = LabConfiguration.Create().TaskFeeds,
        NotReadyReasonCodes = [new ReasonCode { Code = 1, Label = "Break" }, new ReasonCode { Code = 2, Label = "Lunch" }],
        LogoutReasonCodes = [new ReasonCode { Code = 20, Label = "End of shift" }],
    };

    [Fact]
    public void A_not_ready_or_sign_out_reason_not_configured_is_refused_naming_the_configured_ones_and_changes_nothing()
    {
        var lab = new LabHarness(WithReasons());
        lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        var refused = lab.Run((e, t) => e.SetNotReady(t, 1080, LabConfiguration.TaskMrd, 7));
        Assert.Equal(ArmStatus.InvalidArgument, refused.Status);
        Assert.Equal("reasonCode: 7 is not a Not Ready reason code here; the configured ones are 1 (Break), 2 (Lunch)", refused.Detail);
        Assert.Empty(lab.Last);
        Assert.Equal(AgentState.NOT_ACTIVE, lab.Engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd).State);

        var signOut = lab.Run((e, t) => e.SignOut(t, 1080, LabConfiguration.TaskMrd, 1));
        Assert.Equal(ArmStatus.InvalidArgument, signOut.Status);
        Assert.Contains("20 (End of shift)", signOut.Detail, StringComparison.Ordinal);

        lab.Ok((e, t) => e.SetNotReady(t, 1080, LabConfiguration.TaskMrd, 2));
        Assert.Equal((AgentState.NOT_READY, 2), lab.Engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd) is var m ? (m.State, m.ReasonCode) : default);
        // No reason at all is always taken, as the presence monitor signs agents out with none.
        lab.Ok((e, t) => e.SignOut(t, 1080, LabConfiguration.TaskMrd));
    }

    [Fact]
    public void Without_configured_reason_codes_any_code_is_taken_and_the_configuration_hashes_as_before()
    {
        var lab = new LabHarness();
        lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        lab.Ok((e, t) => e.SetNotReady(t, 1080, LabConfiguration.TaskMrd, 50002));
        // A data directory started before reason codes existed must not see its configuration changed:
        // the lab hashes as the build before them hashed it (its configuration.sha256).
        Assert.Equal("1671193741F8006C8623E8B23D48C70448475DE703351238A01D961604D26EC4", RoutingEngine.ConfigurationHashOf(LabConfiguration.Create()));
        Assert.NotEqual(RoutingEngine.ConfigurationHashOf(LabConfiguration.Create()), RoutingEngine.ConfigurationHashOf(WithReasons()));
    }

    [Fact]
    public void Reason_codes_out_of_range_twice_or_without_a_label_are_named_by_their_path()
    {
        var config = new RoutingConfiguration
        {
            NotReadyReasonCodes = [new ReasonCode { Code = 70000, Label = "Too big" }, new ReasonCode { Code = 3, Label = "" }, new ReasonCode { Code = 3, Label = "Again" }],
            LogoutReasonCodes = [new ReasonCode { Label = "No code" }],
        };
        var errors = ConfigurationValidator.Validate(config).Select(e => e.Path).ToList();
        Assert.Contains("notReadyReasonCodes[0].code", errors);
        Assert.Contains("notReadyReasonCodes[1].label", errors);
        Assert.Contains("notReadyReasonCodes[2].code", errors);
        Assert.Contains("logoutReasonCodes[0].code", errors);
    }
}
