namespace Taskroute.Core.Modules.Desktop.Resources;

/// <summary>
/// An agent, its media, the script selectors a task may be transferred to (TransferTargets), and the
/// reason codes it may give for Not Ready and for signing out (empty: any), for a desktop's lists.
/// </summary>
public sealed record AgentResource(int Id, int LoginId, string Name, IReadOnlyList<int> SkillGroups, IReadOnlyList<MediaResource> Media, IReadOnlyList<string> TransferTargets)
{
    public IReadOnlyList<ReasonCodeResource> NotReadyReasonCodes { get; init; } = [];
    public IReadOnlyList<ReasonCodeResource> LogoutReasonCodes { get; init; } = [];
}
