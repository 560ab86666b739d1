using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Tracing;

/// <summary>
/// One task's journey through every module: its flow events in order, the routing decisions and
/// why, the agent state changes and contact status changes it caused, CCE's timings, the
/// TechNote's nine steps, and what is missing or went wrong. Built by <see cref="TraceBuilder"/>
/// from the journal, the same way for a live server and for a data directory read offline.
/// </summary>
public sealed record TaskTrace
{
    /// <summary>The engine's number for the task.</summary>
    public required int Task { get; init; }
    public Guid ContactId { get; init; }
    public int DialogueId { get; init; }
    public IcmTaskId TaskId { get; init; } = IcmTaskId.None;
    public string? ScriptSelector { get; init; }
    public int MrdId { get; init; }
    public int SkillGroupId { get; init; }
    public int PrecisionQueueId { get; init; }

    /// <summary>The ICM agent id of the agent who last held the task; 0 when none did.</summary>
    public int AgentId { get; init; }
    public int LoginId { get; init; }

    /// <summary>The contact's last status; None before the contact existed.</summary>
    public ContactStatus Status { get; init; }
    public Disposition Disposition { get; init; }
    public bool Ended { get; init; }

    /// <summary>The task this one continues after a transfer; <see cref="IcmTaskId.None"/> otherwise.</summary>
    public IcmTaskId PreviousTask { get; init; } = IcmTaskId.None;
    public TaskData? Data { get; init; }

    public required IReadOnlyList<FlowEvent> Events { get; init; }
    public required IReadOnlyList<RoutingDecision> Decisions { get; init; }
    public required IReadOnlyList<TraceAgentState> AgentStates { get; init; }
    public required IReadOnlyList<TraceStatusChange> StatusChanges { get; init; }
    public required IReadOnlyList<TraceStep> Steps { get; init; }
    public required TaskTimings Timings { get; init; }
    public required IReadOnlyList<TraceFlag> Flags { get; init; }
    public int RonaCount { get; init; }
}
