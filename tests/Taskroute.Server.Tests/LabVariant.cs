using Taskroute.Core.Configuration;
using Taskroute.Core.Lab;

namespace Taskroute.Server.Tests;

/// <summary>The built-in lab with one part changed, for tests that need a queue limit, a keyed feed, one more agent or one fewer, another script.</summary>
internal static class LabVariant
{
    public static RoutingConfiguration With(Func<MediaRoutingDomain, MediaRoutingDomain>? mrd = null, Func<TaskFeed, TaskFeed>? feed = null, AgentConfig? addedAgent = null, Func<AgentConfig, bool>? keepAgent = null,
        Func<ScriptSelector, ScriptSelector>? selector = null)
    {
        var lab = LabConfiguration.Create();
        return new RoutingConfiguration
        {
            AgentPeripheralId = lab.AgentPeripheralId, MediaRoutingPeripheralId = lab.MediaRoutingPeripheralId, RoutingClientId = lab.RoutingClientId,
            RouterCallKeyStart = lab.RouterCallKeyStart, UtcOffsetMinutes = lab.UtcOffsetMinutes, SkillGroups = lab.SkillGroups,
            Attributes = lab.Attributes, PrecisionQueues = lab.PrecisionQueues, Agents = [.. lab.Agents.Where(keepAgent ?? (_ => true)), .. addedAgent is null ? [] : new[] { addedAgent }], ScriptSelectors = selector is null ? lab.ScriptSelectors : [.. lab.ScriptSelectors.Select(selector)],
            Mrds = mrd is null ? lab.Mrds : [.. lab.Mrds.Select(mrd)],
            TaskFeeds = feed is null ? lab.TaskFeeds : [.. lab.TaskFeeds.Select(feed)],
        };
    }

    /// <summary>The MRD as it is, but for its task life and max tasks in queue.</summary>
    public static MediaRoutingDomain Changed(MediaRoutingDomain m, int? taskLifeSeconds = null, int? maxTasksInQueue = null) => new()
    {
        Id = m.Id, Name = m.Name, MaxTasksPerAgent = m.MaxTasksPerAgent, Interruptible = m.Interruptible, TaskStartTimeoutSeconds = m.TaskStartTimeoutSeconds,
        TaskLifeSeconds = taskLifeSeconds ?? m.TaskLifeSeconds, MaxTaskDurationSeconds = m.MaxTaskDurationSeconds, MaxTimeInQueueSeconds = m.MaxTimeInQueueSeconds,
        MaxTasksInQueue = maxTasksInQueue ?? m.MaxTasksInQueue, ServiceLevelThresholdSeconds = m.ServiceLevelThresholdSeconds, ServiceLevelType = m.ServiceLevelType,
    };
}
