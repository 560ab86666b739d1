using Taskroute.Core.Reporting;

namespace Taskroute.Storage.Reports;

/// <summary>Which ended tasks to list: those that ended in [From, To) (Unix milliseconds), optionally of one MRD, queue, agent or selector.</summary>
public sealed record TaskDetailFilter(long From, long To)
{
    public ReportKey? Key { get; init; }
    public TaskOutcome? Outcome { get; init; }

    /// <summary>When set, only tasks last held by an agent with one of these login ids, or by no agent (a supervisor's view of the team).</summary>
    public IReadOnlyCollection<int>? Logins { get; init; }
}
