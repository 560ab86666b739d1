using Taskroute.Core.Reporting;

namespace Taskroute.Server.Reporting;

/// <summary>A page of task detail records: the tasks that ended between two times, oldest end first.</summary>
public sealed record TaskDetailPage(DateTimeOffset From, DateTimeOffset To, long Total, int Page, int PageSize, IReadOnlyList<TaskDetailRecord> Tasks);
