using System.Text.Json.Serialization;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Reporting;

/// <summary>
/// One ended task, what CCE keeps as a Termination_Call_Detail row: its ids, where it was routed,
/// CCE's timings (milliseconds; null where the task never reached the step), how it ended, and its
/// variables. Times are Unix milliseconds.
/// </summary>
public sealed record TaskDetailRecord
{
    public required int Task { get; init; }
    public Guid ContactId { get; init; }
    public int DialogueId { get; init; }

    /// <summary>The task id as <c>day:key:seq</c>; empty when the router never numbered the task.</summary>
    public string TaskId { get; init; } = "";

    /// <summary>The task this one continues after a transfer, as <c>day:key:seq</c>; empty otherwise.</summary>
    public string PreviousTaskId { get; init; } = "";
    public string? ScriptSelector { get; init; }
    public int MrdId { get; init; }
    public int SkillGroupId { get; init; }
    public int PrecisionQueueId { get; init; }

    /// <summary>The ICM agent id and login id of the agent who last held the task; 0 when none did.</summary>
    public int AgentId { get; init; }
    public int LoginId { get; init; }
    public long ArrivedAt { get; init; }
    public long? AnsweredAt { get; init; }
    public long EndedAt { get; init; }
    public long? DelayMs { get; init; }
    public long? QueueMs { get; init; }
    public long? NetworkMs { get; init; }
    public long? OfferMs { get; init; }
    public long? HandleMs { get; init; }
    public long? AnswerWaitMs { get; init; }
    [JsonConverter(typeof(CamelCaseEnumConverter<TaskOutcome>))]
    public TaskOutcome Outcome { get; init; }

    [JsonConverter(typeof(CamelCaseEnumConverter<ContactStatus>))]
    public ContactStatus Status { get; init; }

    /// <summary>CCE's disposition code.</summary>
    public Disposition Disposition { get; init; }
    public int RonaCount { get; init; }
    public bool Transferred { get; init; }

    /// <summary>
    /// The task's service level outcome under its MRD's rule: true when it met it (answered, or per
    /// the MRD's choice abandoned, within the threshold), false when it missed it, null when it did
    /// not count (discarded before its threshold, or an abandon within it that the MRD's rule leaves out).
    /// </summary>
    public bool? WithinServiceLevel { get; init; }
    public IReadOnlyList<string?> CallVariables { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> EccVariables { get; init; } = [];
}
