using System.Collections.Concurrent;
using System.Diagnostics;
using Taskroute.Core.Flow;

namespace Taskroute.Server.Telemetry;

/// <summary>
/// OpenTelemetry traces of tasks: one trace per task, under the W3C trace context of the request
/// that submitted it when there was one, with a span per phase (queued, reserved, offered, active,
/// wrap-up, and interrupted while a non-interruptible task holds its agent). Built from the flow
/// events once they are durable, with the events' own times, so a span says what the journal says.
/// Costs nothing while nobody listens to the source.
/// </summary>
public sealed class TaskTracing : IDisposable
{
    private readonly ActivitySource _source;
    private readonly ConcurrentDictionary<Guid, ActivityContext> _parents = new();
    private readonly Dictionary<int, TaskSpans> _tasks = [];

    // The source is named like the server's meter: two servers in one process, as in tests, keep their traces apart.
    public TaskTracing(string sourceName) => _source = new ActivitySource(sourceName);

    public string SourceName => _source.Name;

    public bool Enabled => _source.HasListeners();

    /// <summary>Remembers the context of the request that submitted a contact, to make its task's trace a child of it.</summary>
    public void Parent(Guid contact, ActivityContext parent)
    {
        if (parent != default && Enabled) _parents[contact] = parent;
    }

    /// <summary>Reads durable events in order; called from one thread only.</summary>
    public void Observe(ReadOnlySpan<FlowEvent> events)
    {
        if (!Enabled)
        {
            if (_tasks.Count > 0) _tasks.Clear();
            return;
        }
        // Spans are made with explicit times and parents: none must become the thread's current activity.
        var saved = Activity.Current;
        try
        {
            foreach (ref readonly var e in events) Observe(in e);
        }
        finally
        {
            Activity.Current = saved;
        }
    }

    private void Observe(in FlowEvent e)
    {
        if (e.Task == 0) return;
        if (!_tasks.TryGetValue(e.Task, out var spans))
        {
            var parent = e.ContactId != Guid.Empty && _parents.TryRemove(e.ContactId, out var p) ? p : default;
            var root = _source.StartActivity("task", ActivityKind.Internal, parent, startTime: At(e.Time));
            if (root is null) return;
            root.SetTag("taskroute.task", e.Task);
            if (e.ContactId != Guid.Empty) root.SetTag("taskroute.contact_id", e.ContactId.ToString("D"));
            spans = new TaskSpans(root);
            _tasks[e.Task] = spans;
        }
        var task = spans.Root;
        if (e.ScriptSelector is not null) task.SetTag("taskroute.script_selector", e.ScriptSelector);
        if (e.DialogueId != 0) task.SetTag("cce.dialogue_id", e.DialogueId);
        if (!e.TaskId.IsNone && e.TaskId != default) task.SetTag("cce.task_id", e.TaskId.ToString());
        if (e.MrdId != 0) task.SetTag("cce.mrd_id", e.MrdId);

        switch (e.Message)
        {
            case MessageType.QUEUED_TASK_EVENT when e.From == Module.Router:
                spans.Enter(this, "queued", e.Time, e.SkillGroupId != 0 ? ("cce.skill_group_id", e.SkillGroupId) : null);
                break;
            case MessageType.DEVICE_TARGET_PRE_CALL_IND:
                spans.Enter(this, "reserved", e.Time, ("cce.agent_id", e.AgentId));
                task.SetTag("cce.agent_id", e.AgentId);
                if (e.SkillGroupId != 0) task.SetTag("cce.skill_group_id", e.SkillGroupId);
                break;
            case MessageType.OFFER_TASK_IND:
                spans.Enter(this, "offered", e.Time, ("cce.agent_id", e.AgentId));
                break;
            case MessageType.START_TASK_IND:
                spans.Enter(this, "active", e.Time, ("cce.agent_id", e.AgentId));
                break;
            case MessageType.WRAPUP_TASK_IND:
                spans.Enter(this, "wrap-up", e.Time, ("cce.agent_id", e.AgentId));
                break;
            case MessageType.AGENT_INTERRUPT_ADVISORY_EVENT:
                spans.Interrupt(this, e.Time, e.AgentId);
                break;
            case MessageType.AGENT_INTERRUPT_DONE_ADVISORY_EVENT:
                spans.Resume(this, e.Time, e.AgentId);
                break;
            case MessageType.REQUEUE_TASK:
                spans.Leave(e.Time, e.Disposition == Disposition.RingNoAnswer ? "RONA" : e.Text);
                break;
        }
        if (e.EndsTask)
        {
            spans.Leave(e.Time, null);
            if (e.Disposition != Disposition.None) task.SetTag("cce.disposition", (int)e.Disposition);
            var status = e.ContactStatus != ContactStatus.None ? e.ContactStatus : ContactStatus.Handled;
            task.SetTag("taskroute.status", status.ToString().ToLowerInvariant());
            if (status is ContactStatus.Discarded) task.SetStatus(ActivityStatusCode.Error, e.Text);
            task.SetEndTime(At(e.Time).UtcDateTime);
            task.Stop();
            _tasks.Remove(e.Task);
        }
    }

    private Activity? StartPhase(string name, Activity root, long time) =>
        _source.StartActivity(name, ActivityKind.Internal, root.Context, startTime: At(time));

    private static DateTimeOffset At(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    public void Dispose() => _source.Dispose();

    /// <summary>A live task's root span and the phase it is in.</summary>
    private sealed class TaskSpans(Activity root)
    {
        public Activity Root { get; } = root;
        private Activity? _phase;
        private string? _phaseName;
        // The phase an interruption stopped, which the task goes back to when it resumes.
        private string? _interrupted;

        public void Enter(TaskTracing tracing, string name, long time, (string Key, int Value)? tag)
        {
            Leave(time, null);
            _phase = tracing.StartPhase(name, Root, time);
            _phaseName = name;
            if (_phase is not null && tag is { } t) _phase.SetTag(t.Key, t.Value);
        }

        public void Interrupt(TaskTracing tracing, long time, int agent)
        {
            _interrupted = _phaseName ?? "active";
            Enter(tracing, "interrupted", time, ("cce.agent_id", agent));
        }

        public void Resume(TaskTracing tracing, long time, int agent)
        {
            if (_interrupted is not { } resumed) return;
            _interrupted = null;
            Enter(tracing, resumed, time, ("cce.agent_id", agent));
        }

        public void Leave(long time, string? outcome)
        {
            if (_phase is null) return;
            if (outcome is not null) _phase.SetTag("taskroute.outcome", outcome);
            _phase.SetEndTime(At(time).UtcDateTime);
            _phase.Stop();
            _phase = null;
            _phaseName = null;
        }
    }
}
