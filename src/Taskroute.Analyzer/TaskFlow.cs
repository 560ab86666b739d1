using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
using Taskroute.Core.Tracing;

namespace Taskroute.Analyzer;

/// <summary>
/// One task as the logs tell it: its ids, every event about it in time order across components,
/// the seed's nine steps found or missing, its agent's state changes, CCE's timings and what went
/// wrong. The task's own times (first, last, offered, started, ended, its steps, states and
/// anomalies) are at the ICM servers' offset, the same for every task; each event of its timeline
/// keeps the offset of the log that wrote it.
/// </summary>
public sealed record TaskFlow
{
    /// <summary>The task's number in this report, 1 for the first task to appear.</summary>
    public required int Number { get; init; }

    /// <summary>The task id when a log gave it whole; <see cref="IcmTaskId.None"/> otherwise.</summary>
    public IcmTaskId TaskId { get; init; } = IcmTaskId.None;

    public int RouterCallKeyDay { get; init; }
    public int RouterCallKey { get; init; }
    public Guid ContactId { get; init; }
    public int DialogueId { get; init; }

    /// <summary>The ICM agent id of the agent who last held the task; 0 when none did.</summary>
    public int AgentId { get; init; }

    /// <summary>That agent's peripheral (login) id; 0 when unknown.</summary>
    public int LoginId { get; init; }

    public int MrdId { get; init; }
    public int SkillGroupId { get; init; }
    public string? ScriptSelector { get; init; }

    /// <summary>The contact's last status in CCP's lines; None when CCP's logs said nothing.</summary>
    public ContactStatus Status { get; init; }

    /// <summary>How the task ended, as its end message gave it (END_TASK_IND, the router's ROUTE_END...); None when no log said.</summary>
    public Disposition Disposition { get; init; }

    /// <summary>
    /// The status as the task's trace names it (<see cref="TraceStatusNames"/>): <c>transferred</c> for a
    /// task that ended by a transfer, a cancel <c>discarded</c>, as the Task API shows it; null when no log said.
    /// </summary>
    public string? StatusName => TraceStatusNames.Of(Status, Disposition, Ended);

    public bool Ended { get; init; }
    public int RonaCount { get; init; }

    public DateTimeOffset First { get; init; }
    public DateTimeOffset Last { get; init; }

    /// <summary>When the agent was offered the task (OFFER_TASK_IND), started it and ended it (END_TASK_IND); null when not logged.</summary>
    public DateTimeOffset? OfferedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    public required IReadOnlyList<LogEvent> Timeline { get; init; }
    public required IReadOnlyList<FoundStep> Steps { get; init; }
    public required IReadOnlyList<AgentStateChange> AgentStates { get; init; }
    public required TaskTimings Timings { get; init; }
    public required IReadOnlyList<TaskAnomaly> Anomalies { get; init; }

    /// <summary>The components whose logs mention the task.</summary>
    public required IReadOnlyList<LogComponent> Components { get; init; }

    /// <summary>The best id to name the task by: the task id, else the RouterCallKey, else the contact, else the DialogueID.</summary>
    public string Id =>
        !TaskId.IsNone ? TaskId.ToString()
        : RouterCallKey != 0 ? $"{RouterCallKeyDay}:{RouterCallKey}"
        : ContactId != Guid.Empty ? ContactId.ToString()
        : DialogueId != 0 ? $"dialogue {DialogueId}" : $"#{Number}";

    /// <summary>The steps the logs should hold and do not (<see cref="FoundStep.Missing"/>), not those not reached.</summary>
    public IEnumerable<FoundStep> MissingSteps => Steps.Where(s => s.Missing);
}
