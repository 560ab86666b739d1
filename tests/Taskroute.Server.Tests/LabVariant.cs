using Taskroute.Core.Configuration;
using Taskroute.Core.Lab;

namespace Taskroute.Server.Tests;

/// <summary>The built-in lab with one part changed, for tests that need a queue limit, a keyed feed or one more agent.</summary>
internal static class LabVariant
{
    public static RoutingConfiguration With(Func<MediaRoutingDomain, MediaRoutingDomain>? mrd = null, Func<TaskFeed, TaskFeed>? feed = null, AgentConfig? addedAgent = null)
    {
        var lab = LabConfiguration.Create();
        return new RoutingConfiguration
        {
            AgentPeripheralId = lab.AgentPeripheralId, MediaRoutingPeripheralId = lab.MediaRoutingPeripheralId, RoutingClientId = lab.RoutingClientId,
            RouterCallKeyStart = lab.RouterCallKeyStart, UtcOffsetMinutes = lab.UtcOffsetMinutes, SkillGroups = lab.SkillGroups,
            Attributes = lab.Attributes, PrecisionQueues = lab.PrecisionQueues, Agents = addedAgent is null ? lab.Agents : [.. lab.Agents, addedAgent], ScriptSelectors = lab.ScriptSelectors,
            Mrds = mrd is null ? lab.Mrds : [.. lab.Mrds.Select(mrd)],
            TaskFeeds = feed is null ? lab.TaskFeeds : [.. lab.TaskFeeds.Select(feed)],
        };
    }
}
