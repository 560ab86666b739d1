using System.Text.Json.Serialization;

namespace Taskroute.Server.Api.Tasks;

/// <summary>A task as the JSON API returns it. <c>id</c> is the SocialContact id.</summary>
public sealed record TaskResource(
    Guid Id, string Status, string State, string? StatusReason, string? TaskId, int? AgentId, int? Disposition,
    string ScriptSelector, int FeedId, string Name, string Title, DateTimeOffset CreatedAt, DateTimeOffset StatusChangedAt,
    int? EstimatedWaitSeconds)
{
    /// <summary>The name of the task's <c>disposition</c> code (NormalEndTask, RingNoAnswer, ...), as traces give it; absent while it has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? DispositionName { get; init; }

    // What else was submitted, as it was stored, so a submitter can see what the agent will: left out
    // where nothing was given.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Description { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? MediaType { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Priority { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? RequeueOnRecovery { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Tags { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? CallVariables { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? EccVariables { get; init; }

    public static TaskResource From(ContactView view) => new(
        view.Id, view.CcpStatus, view.State, view.StatusReason, view.LastTaskId, view.LastAgentLoginId, view.Disposition,
        view.ScriptSelector, view.FeedId, view.Name, view.Title,
        DateTimeOffset.FromUnixTimeMilliseconds(view.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(view.StatusChangedAt),
        view.EstimatedWaitSeconds)
    {
        DispositionName = view.Disposition is { } disposition ? ((Taskroute.Core.Flow.Disposition)disposition).ToString() : null,
        Description = view.Data.Description,
        MediaType = view.Data.MediaType,
        Priority = view.Data.Priority == 0 ? null : view.Data.Priority,
        RequeueOnRecovery = view.Data.RequeueOnRecovery ? true : null,
        Tags = view.Data.Tags.Count == 0 ? null : view.Data.Tags,
        CallVariables = CallVariablesOf(view.Data),
        EccVariables = view.Data.EccVariables.Count == 0 ? null : view.Data.EccVariablesByName(),
    };

    // Numbered as the JSON API takes them: "1" to "10", those given.
    private static Dictionary<string, string>? CallVariablesOf(Taskroute.Core.Flow.TaskData data)
    {
        Dictionary<string, string>? variables = null;
        for (var i = 0; i < data.CallVariables.Count; i++)
            if (data.CallVariables[i] is { } value) (variables ??= new(StringComparer.Ordinal))[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = value;
        return variables;
    }

    /// <summary>Changes whenever the task's status does, and when its estimated wait does while it waits.</summary>
    public string ETag => ETagOf(StatusChangedAt.ToUnixTimeMilliseconds(), Status, State, EstimatedWaitSeconds);

    /// <summary>The ETag of the task <paramref name="view"/> shows, without making its whole answer.</summary>
    public static string ETagOf(ContactView view) => ETagOf(view.StatusChangedAt, view.CcpStatus, view.State, view.EstimatedWaitSeconds);

    private static string ETagOf(long statusChangedAt, string status, string state, int? estimatedWait) =>
        $"\"{statusChangedAt:x}-{status}-{state}{(estimatedWait is { } wait ? $"-{wait}" : "")}\"";
}
