using Taskroute.Core.Engine;
using Taskroute.Core.Modules.Desktop;

namespace Taskroute.Server.Api.Agents;

public sealed record MediaResource(int MrdId, string MrdName, string State, int ReasonCode, bool Routable, int NumTasks, int MaxTaskLimit, string Availability, DateTimeOffset? StateChangedAt,
    string? PendingState = null, int? PendingReasonCode = null)
{
    /// <summary>The limit under Finesse's name, the one a media change sets it by.</summary>
    public int MaxDialogLimit => MaxTaskLimit;

    /// <summary>What the agent signed in with (ACCEPT or IGNORE; CLOSE or TRANSFER), as Finesse's Media object shows them: a client that signs in again after losing its connection compares them. Null while signed out.</summary>
    public string? InterruptAction { get; init; }

    public string? DialogLogoutAction { get; init; }
}

/// <summary>An agent, its media, and the script selectors a task may be transferred to (TransferTargets), for a desktop's list.</summary>
public sealed record AgentResource(int Id, int LoginId, string Name, IReadOnlyList<int> SkillGroups, IReadOnlyList<MediaResource> Media, IReadOnlyList<string> TransferTargets);

public sealed record DialogResource(
    string Id, string State, int MrdId, string TaskId, Guid ContactId, int SkillGroupId, string Name, string Title, string? Description,
    IReadOnlyDictionary<string, string> CallVariables, IReadOnlyDictionary<string, string> EccVariables, string? MediaType, DateTimeOffset OfferedAt);

/// <summary>A ticket to open an agent channel from a browser, good once for <c>expiresInSeconds</c>.</summary>
public sealed record ChannelTicket(string Ticket, int ExpiresInSeconds);

/// <summary>What a dialog step answers when the step closed the dialog and it is gone from the agent.</summary>
public sealed record ClosedDialog(string Id, string State);

/// <summary>PUT /api/v1/agents/{loginId}/media/{mrdId}, in Finesse's terms.</summary>
public class MediaChange
{
    public string? State { get; set; }
    public int? ReasonCode { get; set; }
    public int? MaxDialogLimit { get; set; }
    public string? InterruptAction { get; set; }
    public string? DialogLogoutAction { get; set; }
    public bool? Routable { get; set; }
}

/// <summary>PUT /api/v1/dialogs/{dialogId}.</summary>
public sealed class DialogChange
{
    public string? Action { get; set; }
    public string? ScriptSelector { get; set; }
    public int? Disposition { get; set; }
}

internal static class AgentResources
{
    public static AgentResource? Agent(RoutingEngine engine, int loginId)
    {
        if (engine.FindAgent(loginId) is not { } agent) return null;
        var mrds = engine.Configuration.Mrds;
        var media = engine.AgentMedia(agent.Id).Select(m => (Media: m, SignedInWith: engine.SignInSettings(agent.Id, m.MrdId))).Select(x => new MediaResource(
            x.Media.MrdId, mrds.First(r => r.Id == x.Media.MrdId).Name, x.Media.State.ToString(), x.Media.ReasonCode, x.Media.Routable, x.Media.NumTasks, x.Media.MaxTaskLimit,
            x.Media.Availability.ToString(), x.Media.StateChangedAt == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(x.Media.StateChangedAt),
            x.Media.PendingState?.ToString(), x.Media.PendingState is null ? null : x.Media.PendingReasonCode)
        {
            InterruptAction = x.SignedInWith?.Interrupt.ToString().ToUpperInvariant(),
            DialogLogoutAction = x.SignedInWith?.Logout.ToString().ToUpperInvariant(),
        }).ToList();
        return new AgentResource(agent.Id, agent.LoginId, agent.Name, agent.SkillGroups, media, engine.Configuration.ScriptSelectors.Select(s => s.Name).ToList());
    }

    public static DialogResource Dialog(RoutingEngine engine, Dialog d) => new(
        d.Id, engine.ShownState(d).ToString(), d.MrdId, d.TaskId.ToString(), d.ContactId, d.SkillGroupId, d.Data.Name, d.Data.Title, d.Data.Description,
        d.Data.CallVariables.Select((v, i) => (v, i)).Where(x => x.v is not null).ToDictionary(x => (x.i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), x => x.v!),
        d.Data.EccVariables.ToDictionary(x => x.Key, x => x.Value), d.Data.MediaType, DateTimeOffset.FromUnixTimeMilliseconds(d.OfferedAt));
}
