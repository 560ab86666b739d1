namespace Taskroute.Server.Api.Tasks;

/// <summary>A page of the task list: its number and size, whether another follows, and its tasks in the order they were submitted.</summary>
public sealed record TaskPage(int Page, int PageSize, bool HasMore, IReadOnlyList<TaskResource> Items);
