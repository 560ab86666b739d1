using Taskroute.Core.Configuration;
using Taskroute.Core.Lab;
using Taskroute.Server.Configuration;

namespace Taskroute.Server.Tests;

public class ConfigurationDiffTests
{
    [Fact]
    public void A_change_is_listed_entity_by_entity_added_removed_and_changed_and_a_feed_key_is_never_shown()
    {
        var lab = LabConfiguration.Create();
        var next = new RoutingConfiguration
        {
            AgentPeripheralId = lab.AgentPeripheralId, MediaRoutingPeripheralId = lab.MediaRoutingPeripheralId, RoutingClientId = lab.RoutingClientId,
            RouterCallKeyStart = lab.RouterCallKeyStart, UtcOffsetMinutes = 60,
            Mrds = lab.Mrds, SkillGroups = lab.SkillGroups, Attributes = lab.Attributes, PrecisionQueues = lab.PrecisionQueues,
            Agents = [.. lab.Agents.Where(a => a.LoginId != 1089), new AgentConfig { Id = 6000, LoginId = 2000, SkillGroups = [LabConfiguration.TaskSkillGroup] }],
            ScriptSelectors = lab.ScriptSelectors,
            TaskFeeds = [.. lab.TaskFeeds.Select(f => f.Id == LabConfiguration.EmailFeed
                ? new TaskFeed { Id = f.Id, Name = f.Name, DefaultScriptSelector = f.DefaultScriptSelector, ApiKey = "a-new-secret-key-for-partners" } : f)],
        };
        var removed = lab.Agents.Single(a => a.LoginId == 1089);

        var changes = ConfigurationDiff.Between(lab, next);

        Assert.Equal(
        [
            "the centre's utcOffsetMinutes (0 → 60)",
            "agent 6000 (login 2000) is added",
            $"agent {removed.Id} (login 1089) is removed",
            $"task feed {LabConfiguration.EmailFeed} ({lab.TaskFeeds.Single(f => f.Id == LabConfiguration.EmailFeed).Name}) changes apiKey",
        ], changes);
        Assert.DoesNotContain(changes, c => c.Contains("a-new-secret", StringComparison.Ordinal));
        Assert.Empty(ConfigurationDiff.Between(lab, LabConfiguration.Create()));
    }
}
