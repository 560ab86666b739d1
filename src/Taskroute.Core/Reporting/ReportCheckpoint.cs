namespace Taskroute.Core.Reporting;

/// <summary>
/// Where a <see cref="ReportBuilder"/> stood after a journal record: what it has not counted yet
/// (open tasks, agents' current states), stored with the counts so that a restart goes on from here.
/// </summary>
public sealed record ReportCheckpoint(long Sequence, IReadOnlyList<OpenTaskMark> OpenTasks, IReadOnlyList<AgentSpan> Agents)
{
    public static readonly ReportCheckpoint Start = new(0, [], []);
}

/// <summary>A task not ended yet, and whether its service level outcome was already counted.</summary>
public sealed record OpenTaskMark(int Task, bool ServiceLevelCounted);
