using System.Text.Json.Serialization;
using Taskroute.Core.Reporting;

namespace Taskroute.Server.Reporting;

/// <summary>
/// A page of task detail records: the tasks that ended between two times, oldest end first.
/// <paramref name="Page"/> and <paramref name="PageSize"/> are null (left out of the JSON) when it
/// holds every task of the period rather than one page (<c>taskroute report tasks</c> without <c>--page</c>).
/// </summary>
public sealed record TaskDetailPage(
    DateTimeOffset From,
    DateTimeOffset To,
    long Total,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Page,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PageSize,
    IReadOnlyList<TaskDetailRecord> Tasks);
