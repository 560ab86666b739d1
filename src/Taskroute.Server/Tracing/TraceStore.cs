using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Core.Tracing;
using Taskroute.Storage;
using Taskroute.Storage.Index;

namespace Taskroute.Server.Tracing;

/// <summary>
/// Finds tasks in the journal by any id they are known by and builds their traces. The same store
/// answers the server's trace API and <c>taskroute trace --data</c> on a data directory.
/// </summary>
// configuration: the configuration the server runs under now. current: waits until the index holds
// everything durable so far; false when it cannot catch up in time. earlier: every configuration the
// journal ran under (the data directory's configurations/), for agents since taken out.
public sealed class TraceStore(IJournal journal, TraceIndex index, Func<RoutingConfiguration> configuration, Func<bool> current, Func<bool>? stopped = null,
    Func<IEnumerable<RoutingConfiguration>>? earlier = null)
{
    /// <summary>The most tasks an agent's list holds.</summary>
    public const int MaxListed = 1000;

    public RoutingConfiguration Configuration => configuration();

    /// <summary>The task numbers an id belongs to, oldest first; empty when none.</summary>
    public IReadOnlyList<int> Resolve(TaskKey key)
    {
        EnsureCurrent();
        return index.FindTasks(key);
    }

    private void EnsureCurrent()
    {
        if (!current()) throw new TraceIndexBehindException(index.IndexedSequence, journal.LastSequence, stopped?.Invoke() ?? false);
    }

    /// <summary>The task's trace, or null when the journal holds nothing about it.</summary>
    public TaskTrace? Trace(int task)
    {
        var records = new List<IReadOnlyList<FlowEvent>>();
        foreach (var record in journal.ReadTaskRecords(task)) records.Add(record.Events);
        return records.Count == 0 ? null : TraceBuilder.Build(task, records);
    }

    /// <summary>
    /// An agent by login id (peripheral number) or ICM agent id (SkillTargetID). One taken out of
    /// the configuration is still found by the ids it had (the newest configuration that had it), so
    /// the tasks it worked stay listed by agent.
    /// </summary>
    public AgentConfig? FindAgent(int id)
    {
        if (Find(configuration().Agents, id) is { } now) return now;
        foreach (var kept in earlier?.Invoke().Reverse() ?? [])
            if (Find(kept.Agents, id) is { } before) return before;
        return null;

        static AgentConfig? Find(IReadOnlyList<AgentConfig> agents, int id) =>
            agents.FirstOrDefault(a => a.LoginId == id) ?? agents.FirstOrDefault(a => a.Id == id);
    }

    /// <summary>
    /// The traces of the tasks of the agent's first <paramref name="limit"/> reservations in the
    /// window (Unix milliseconds), oldest first; HasMore when the window holds more, and then Through,
    /// the time of the last reservation kept: a task kept may have later reservations past the cut.
    /// A cut never falls inside a millisecond (the list runs on over reservations of the same time),
    /// so the next page, asked from Through + 1, neither repeats nor skips one.
    /// </summary>
    public (IReadOnlyList<TaskTrace> Traces, bool HasMore, long? Through) AgentTasks(AgentConfig agent, long from, long to, int limit)
    {
        var traces = new List<TaskTrace>();
        var seen = new HashSet<int>();
        EnsureCurrent();
        limit = Math.Clamp(limit, 1, MaxListed);
        // One more than asked for says whether the list was cut.
        var reservations = index.FindAgentTasks(agent.Id, from, to, limit + 1);
        var kept = Math.Min(limit, reservations.Count);
        while (reservations.Count > kept && reservations[kept].Time == reservations[kept - 1].Time)
        {
            kept++;
            // Read further when the reservations of that millisecond run past what was read.
            if (kept == reservations.Count) reservations = index.FindAgentTasks(agent.Id, from, to, kept * 2 + 1);
        }
        foreach (var reserved in reservations.Take(kept))
            if (seen.Add(reserved.Task) && Trace(reserved.Task) is { } trace) traces.Add(trace);
        return reservations.Count > kept ? (traces, true, reservations[kept - 1].Time) : (traces, false, null);
    }
}
