namespace Taskroute.Server.Api.Tasks;

/// <summary>A task as the JSON API returns it. <c>id</c> is the SocialContact id.</summary>
public sealed record TaskResource(
    Guid Id, string Status, string State, string? StatusReason, string? TaskId, int? AgentId, int? Disposition,
    string ScriptSelector, int FeedId, string Name, string Title, DateTimeOffset CreatedAt, DateTimeOffset StatusChangedAt,
    int? EstimatedWaitSeconds)
{
    public static TaskResource From(ContactView view) => new(
        view.Id, view.CcpStatus, view.State, view.StatusReason, view.TaskId, view.AgentLoginId, view.Disposition,
        view.ScriptSelector, view.FeedId, view.Name, view.Title,
        DateTimeOffset.FromUnixTimeMilliseconds(view.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(view.StatusChangedAt),
        view.EstimatedWaitSeconds);

    /// <summary>Changes whenever the task's status does, and when its estimated wait does while it waits.</summary>
    public string ETag => $"\"{StatusChangedAt.ToUnixTimeMilliseconds():x}-{Status}-{State}{(EstimatedWaitSeconds is { } wait ? $"-{wait}" : "")}\"";
}
