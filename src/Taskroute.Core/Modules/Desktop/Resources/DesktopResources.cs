using System.Globalization;
using Taskroute.Core.Engine;

namespace Taskroute.Core.Modules.Desktop.Resources;

/// <summary>
/// The agent API's views of an engine's agents and dialogs. One builder for a single server and for
/// a cluster's domains, so both answer the same JSON.
/// </summary>
public static class DesktopResources
{
    /// <summary>The agent with login id <paramref name="loginId"/>, or null when there is none.</summary>
    public static AgentResource? Agent(RoutingEngine engine, int loginId)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (engine.FindAgent(loginId) is not { } agent) return null;
        var mrds = engine.Configuration.Mrds;
        var media = engine.AgentMedia(agent.Id).Select(m => (Media: m, SignedInWith: engine.SignInSettings(agent.Id, m.MrdId))).Select(x => new MediaResource(
            x.Media.MrdId, mrds.First(r => r.Id == x.Media.MrdId).Name, x.Media.State.ToString(), x.Media.ReasonCode, x.Media.Routable, x.Media.NumTasks, x.Media.MaxTaskLimit,
            x.Media.Availability.ToString(), x.Media.StateChangedAt == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(x.Media.StateChangedAt),
            x.Media.PendingState?.ToString(), x.Media.PendingState is null ? null : x.Media.PendingReasonCode)
        {
            Interruptible = mrds.First(r => r.Id == x.Media.MrdId).Interruptible,
            InterruptAction = x.SignedInWith?.Interrupt.ToString().ToUpperInvariant(),
            DialogLogoutAction = x.SignedInWith?.Logout.ToString().ToUpperInvariant(),
        }).ToList();
        return new AgentResource(agent.Id, agent.LoginId, agent.Name, agent.SkillGroups, media, engine.Configuration.ScriptSelectors.Select(s => s.Name).ToList())
        {
            NotReadyReasonCodes = [.. engine.Configuration.NotReadyReasonCodes.Select(c => new ReasonCodeResource(c.Code, c.Label))],
            LogoutReasonCodes = [.. engine.Configuration.LogoutReasonCodes.Select(c => new ReasonCodeResource(c.Code, c.Label))],
        };
    }

    /// <summary>The agent's open dialogs, or null when there is no such agent.</summary>
    public static List<DialogResource>? Dialogs(RoutingEngine engine, int loginId)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return engine.FindAgent(loginId) is null ? null : engine.Dialogs(loginId).Select(d => Dialog(engine, d)).ToList();
    }

    public static DialogResource Dialog(RoutingEngine engine, Dialog d)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(d);
        return new(
            d.Id, engine.ShownState(d).ToString(), d.MrdId, d.TaskId.ToString(), d.ContactId, d.SkillGroupId, d.Data.Name, d.Data.Title, d.Data.Description,
            d.Data.CallVariables.Select((v, i) => (v, i)).Where(x => x.v is not null).ToDictionary(x => (x.i + 1).ToString(CultureInfo.InvariantCulture), x => x.v!),
            d.Data.EccVariablesByName(), d.Data.MediaType, DateTimeOffset.FromUnixTimeMilliseconds(d.OfferedAt))
        {
            StartBy = engine.StartBy(d) is { } by ? DateTimeOffset.FromUnixTimeMilliseconds(by) : null,
            StateChangedAt = DateTimeOffset.FromUnixTimeMilliseconds(d.StateChangedAt),
            SkillGroupName = d.SkillGroupId == 0 ? null : engine.Configuration.SkillGroups.FirstOrDefault(g => g.Id == d.SkillGroupId)?.Name,
            PrecisionQueueId = d.PrecisionQueueId,
            PrecisionQueueName = d.PrecisionQueueId == 0 ? null : engine.Configuration.PrecisionQueues.FirstOrDefault(q => q.Id == d.PrecisionQueueId)?.Name,
            Tags = d.Data.Tags,
        };
    }
}
