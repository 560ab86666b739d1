using System.Text.Json.Serialization;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
using Taskroute.Core.Tracing;

namespace Taskroute.Server.Api.Traces;

/// <summary>A task's trace as the API, the CLI and the trace page show it. Times are Unix milliseconds.</summary>
public sealed record TraceResource
{
    public int Task { get; init; }
    public Guid? ContactId { get; init; }
    public int? DialogueId { get; init; }

    /// <summary>The router's form, <c>day:key:seq</c>.</summary>
    public string? TaskId { get; init; }

    /// <summary>The Finesse form, <c>day_key_seq</c>: the agent desktop's dialog id.</summary>
    public string? DialogId { get; init; }

    /// <summary>The router's <c>CID=(day,key)</c>.</summary>
    public string? RouterCallKey { get; init; }
    public string? ScriptSelector { get; init; }
    public int? MrdId { get; init; }
    public int? SkillGroupId { get; init; }
    public int? PrecisionQueueId { get; init; }
    public int? AgentId { get; init; }
    public int? LoginId { get; init; }
    public string? Status { get; init; }
    public int? Disposition { get; init; }
    public string? DispositionName { get; init; }
    public bool Ended { get; init; }
    public string? PreviousTaskId { get; init; }
    public string? Name { get; init; }
    public string? Title { get; init; }

    /// <summary>Other tasks of the same contact (a transfer continues a contact as a new task).</summary>
    public IReadOnlyList<string> RelatedTaskIds { get; init; } = [];
    public TimingsResource Timings { get; init; } = new();
    public IReadOnlyList<StepResource> Steps { get; init; } = [];
    public IReadOnlyList<FlagResource> Flags { get; init; } = [];
    public IReadOnlyList<DecisionResource> Decisions { get; init; } = [];
    public IReadOnlyList<AgentStateResource> AgentStates { get; init; } = [];
    public IReadOnlyList<StatusResource> StatusChanges { get; init; } = [];
    public IReadOnlyList<EventResource> Events { get; init; } = [];

    public sealed record TimingsResource
    {
        public long? DelayMs { get; init; }
        public long? QueueMs { get; init; }
        public long? NetworkMs { get; init; }
        public long? OfferMs { get; init; }
        public long? HandleMs { get; init; }
        public long? AnswerWaitMs { get; init; }
    }

    public sealed record StepResource(int Number, string Name, long? Time, bool Found, bool Missing);

    public sealed record FlagResource(string Kind, long? Time, string Detail);

    public sealed record DecisionResource(long Time, string Rule, int Candidates, int? SkillGroupId, int? PrecisionQueueId, int AgentId, int MrdId, string? Detail);

    public sealed record AgentStateResource(long Time, int AgentId, int? LoginId, int MrdId, string State, int NumTasks, int MaxTaskLimit, bool Routable);

    public sealed record StatusResource(long Time, string Status, string? Reason);

    /// <summary>One flow message with its key fields; fields the message does not carry are left out.</summary>
    public sealed record EventResource
    {
        public long Time { get; init; }
        public DateTimeOffset At { get; init; }

        /// <summary>Milliseconds since the task's first message.</summary>
        public long ElapsedMs { get; init; }
        public required string From { get; init; }
        public required string To { get; init; }
        public required string Message { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? DialogueId { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ScriptSelector { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RouterCallKey { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TaskId { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? SkillGroupId { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? PrecisionQueueId { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? AgentId { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? LoginId { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MrdId { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? AgentState { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Routable { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ContactStatus { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Disposition { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Rule { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Candidates { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Text { get; init; }
    }

    public static TraceResource From(TaskTrace trace, IReadOnlyList<int>? related = null, Func<int, IcmTaskId>? taskIdOf = null)
    {
        var first = trace.Events.Count > 0 ? trace.Events[0].Time : 0;
        var hasTaskId = !trace.TaskId.IsNone && trace.TaskId != default;
        return new TraceResource
        {
            Task = trace.Task,
            ContactId = trace.ContactId == Guid.Empty ? null : trace.ContactId,
            DialogueId = NonZero(trace.DialogueId),
            TaskId = hasTaskId ? trace.TaskId.ToString() : null,
            DialogId = hasTaskId ? trace.TaskId.ToDialogId() : null,
            RouterCallKey = hasTaskId ? $"({trace.TaskId.Day},{trace.TaskId.Key})" : null,
            ScriptSelector = trace.ScriptSelector,
            MrdId = NonZero(trace.MrdId),
            SkillGroupId = NonZero(trace.SkillGroupId),
            PrecisionQueueId = NonZero(trace.PrecisionQueueId),
            // A task back in the queue after a ring-out has no agent now, as a poll of it says; the one
            // who let it ring is in its events and flags (the trace itself keeps it, as the analyzer does).
            AgentId = WaitingNow(trace) ? null : NonZero(trace.AgentId),
            LoginId = WaitingNow(trace) ? null : NonZero(trace.LoginId),
            // A task that ended by a transfer is over though its contact goes on, as another task.
            Status = Core.Tracing.TraceStatusNames.Of(trace.Status, trace.Disposition, trace.Ended),
            Disposition = trace.Disposition == Core.Flow.Disposition.None ? null : (int)trace.Disposition,
            DispositionName = trace.Disposition == Core.Flow.Disposition.None ? null : trace.Disposition.ToString(),
            Ended = trace.Ended,
            PreviousTaskId = trace.PreviousTask.IsNone ? null : trace.PreviousTask.ToString(),
            Name = trace.Data?.Name,
            Title = trace.Data?.Title,
            RelatedTaskIds = related is null || taskIdOf is null ? [] : [.. related.Where(t => t != trace.Task).Select(t => taskIdOf(t)).Where(id => !id.IsNone).Select(id => id.ToString())],
            Timings = new TimingsResource
            {
                DelayMs = trace.Timings.Delay,
                QueueMs = trace.Timings.Queue,
                NetworkMs = trace.Timings.Network,
                OfferMs = trace.Timings.Offer,
                HandleMs = trace.Timings.Handle,
                AnswerWaitMs = trace.Timings.AnswerWait,
            },
            Steps = [.. trace.Steps.Select(s => new StepResource(s.Number, s.Name, s.Time, s.Time is not null, s.Missing))],
            Flags = [.. trace.Flags.Select(f => new FlagResource(JsonName(f.Kind.ToString()), f.Time, f.Detail))],
            Decisions = [.. trace.Decisions.Select(d => new DecisionResource(d.Time, d.Rule.ToString(), d.Candidates, NonZero(d.SkillGroupId), NonZero(d.PrecisionQueueId), d.AgentId, d.MrdId, d.Detail))],
            AgentStates = [.. trace.AgentStates.Select(s => new AgentStateResource(s.Time, s.AgentId, NonZero(s.LoginId), s.MrdId, s.State.ToString(), s.NumTasks, s.MaxTaskLimit, s.Routable))],
            StatusChanges = [.. trace.StatusChanges.Select(s => new StatusResource(s.Time, CcpStatusNames.Of(s.Status) ?? "unread", CcpStatusNames.ReasonOf(s.Status, s.Reason, trace.Disposition)))],
            Events = [.. trace.Events.Select(e => Event(e, first))],
        };
    }

    private static EventResource Event(in FlowEvent e, long first)
    {
        var hasTaskId = !e.TaskId.IsNone && e.TaskId != default;
        var agentFields = e.Message is MessageType.AGENT_EVENT or MessageType.AGENT_UPDATE or MessageType.AGENT_INTERRUPT_ADVISORY_EVENT or MessageType.AGENT_INTERRUPT_DONE_ADVISORY_EVENT;
        return new EventResource
        {
            Time = e.Time,
            At = DateTimeOffset.FromUnixTimeMilliseconds(e.Time),
            ElapsedMs = e.Time - first,
            From = e.From.ToString(),
            To = e.To.ToString(),
            Message = e.Message.ToString(),
            DialogueId = NonZero(e.DialogueId),
            ScriptSelector = e.ScriptSelector,
            RouterCallKey = hasTaskId ? $"({e.TaskId.Day},{e.TaskId.Key})" : null,
            TaskId = hasTaskId ? e.TaskId.ToString() : null,
            SkillGroupId = NonZero(e.SkillGroupId),
            PrecisionQueueId = NonZero(e.PrecisionQueueId),
            AgentId = NonZero(e.AgentId),
            LoginId = NonZero(e.LoginId),
            MrdId = NonZero(e.MrdId),
            AgentState = agentFields ? e.AgentState.ToString() : null,
            Routable = agentFields ? e.Routable : null,
            ContactStatus = e.ContactStatus == Core.Flow.ContactStatus.None ? null : e.ContactStatus.ToString().ToLowerInvariant(),
            Disposition = e.Disposition == Core.Flow.Disposition.None ? null : (int)e.Disposition,
            Rule = e.Rule == RoutingRule.None ? null : e.Rule.ToString(),
            Candidates = e.Rule == RoutingRule.None ? null : e.Candidates,
            Text = e.Text,
        };
    }

    private static int? NonZero(int value) => value == 0 ? null : value;

    private static bool WaitingNow(TaskTrace trace) => !trace.Ended && trace.Status is Core.Flow.ContactStatus.Queued or Core.Flow.ContactStatus.Unread;

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
