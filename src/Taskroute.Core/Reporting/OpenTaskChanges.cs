namespace Taskroute.Core.Reporting;

/// <summary>
/// How a builder's open tasks changed since it last said: tasks opened or newly counted against the
/// service level (<paramref name="Marked"/>, as they stand now) and tasks that ended (<paramref name="Closed"/>).
/// </summary>
public sealed record OpenTaskChanges(IReadOnlyList<OpenTaskMark> Marked, IReadOnlyList<int> Closed);
