using Taskroute.Core.Ids;

namespace Taskroute.Core.Flow;

/// <summary>
/// One message of the flow, from one module to another, with the ids it carries. The sequence of
/// flow events is both the journal (what happened) and the trace (how one task travelled).
/// A value type so that routing writes events into a reused buffer without allocating.
/// </summary>
public readonly struct FlowEvent
{
    /// <summary>Unix time in milliseconds.</summary>
    public long Time { get; init; }
    public MessageType Message { get; init; }
    public Module From { get; init; }
    public Module To { get; init; }

    /// <summary>The engine's own number for the task (1, 2, ...); 0 when the message is about no task.</summary>
    public int Task { get; init; }
    public Guid ContactId { get; init; }
    public int DialogueId { get; init; }
    public IcmTaskId TaskId { get; init; }
    public string? ScriptSelector { get; init; }
    public int SkillGroupId { get; init; }
    public int PrecisionQueueId { get; init; }
    public int AgentId { get; init; }
    public int LoginId { get; init; }
    public int MrdId { get; init; }
    public AgentState AgentState { get; init; }
    public int ReasonCode { get; init; }
    public int NumTasks { get; init; }
    public int MaxTaskLimit { get; init; }
    public bool Routable { get; init; }
    public AgentAvailability Availability { get; init; }
    public InterruptAction InterruptAction { get; init; }
    public DialogLogoutAction DialogLogoutAction { get; init; }
    public ContactStatus ContactStatus { get; init; }
    public Disposition Disposition { get; init; }
    public int Priority { get; init; }

    /// <summary>A deadline the message sets or reports (Unix milliseconds); 0 for none.</summary>
    public long Deadline { get; init; }
    public RoutingRule Rule { get; init; }

    /// <summary>How many candidates (agents or queued tasks) the routing decision weighed.</summary>
    public int Candidates { get; init; }
    public ArmStatus Status { get; init; }

    /// <summary>Free detail: a label, a reason, a timer's name.</summary>
    public string? Text { get; init; }

    /// <summary>The task's data, on the messages that carry it (CREATE_SOCIAL_CONTACT, NEW_TASK, pre-calls).</summary>
    public TaskData? Data { get; init; }

    /// <summary>True on the one message that ends a task, whatever the way it ended.</summary>
    public bool EndsTask =>
        (Message == MessageType.CLOSE_TASK && To == Module.Ccp) ||
        (Message == MessageType.NEW_TASK_FAILURE_EVENT && To == Module.Ccp);

    public override string ToString() => FlowEventFormatter.Format(this);
}
