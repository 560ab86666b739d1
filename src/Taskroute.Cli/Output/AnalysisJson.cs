using System.Text.Json;
using Taskroute.Analyzer;

namespace Taskroute.Cli.Output;

/// <summary>An analysis as JSON for machines: the tasks with their timelines, the sources read and the notes.</summary>
internal static class AnalysisJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes the analysis to a stream as it is serialised: a day of logs makes hundreds of megabytes of JSON.</summary>
    public static void Write(Stream output, AnalysisReport report) => Write(output, Project(report, report.Tasks));

    /// <summary>
    /// Writes a streamed analysis, each task as it is built: the serialiser goes through the tasks
    /// once and drops each, so no more than a batch of flows is held. The text is the same as a whole
    /// report's but for <c>elapsedMs</c>, which is the time until the tasks began to be built.
    /// </summary>
    public static void Write(Stream output, StreamedAnalysis analysis) => Write(output, Project(analysis.Report, analysis.Tasks));

    private static void Write(Stream output, object projection)
    {
        JsonSerializer.Serialize(output, projection, Options);
        output.WriteByte((byte)'\n');
        output.Flush();
    }

    public static object Project(AnalysisReport report) => Project(report, report.Tasks);

    private static object Project(AnalysisReport report, IEnumerable<TaskFlow> tasks) => new
    {
        icmOffset = Offset(report.IcmOffset),
        icmOffsetGuessed = report.IcmOffsetGuessed,
        notes = report.Notes,
        bytesRead = report.BytesRead,
        elapsedMs = (long)report.Elapsed.TotalMilliseconds,
        unattachedEvents = report.UnattachedEvents,
        sources = report.Sources.Select(s => new
        {
            name = s.Name, component = LogComponentNames.Of(s.Component), bytes = s.Bytes, linesRead = s.LinesRead, linesUsed = s.LinesUsed,
            linesSkipped = s.LinesSkipped, events = s.Events, date = s.Date?.ToString("yyyy-MM-dd"), dateFrom = s.DateFrom, problem = s.Problem,
        }),
        tasks = tasks.Select(Task),
    };

    private static object Task(TaskFlow t) => new
    {
        id = t.Id,
        taskId = t.TaskId.IsNone ? null : t.TaskId.ToString(),
        routerCallKey = t.RouterCallKey == 0 ? null : $"({t.RouterCallKeyDay},{t.RouterCallKey})",
        contactId = t.ContactId == Guid.Empty ? (Guid?)null : t.ContactId,
        dialogueId = t.DialogueId == 0 ? (int?)null : t.DialogueId,
        agentId = t.AgentId == 0 ? (int?)null : t.AgentId,
        loginId = t.LoginId == 0 ? (int?)null : t.LoginId,
        mrdId = t.MrdId == 0 ? (int?)null : t.MrdId,
        skillGroupId = t.SkillGroupId == 0 ? (int?)null : t.SkillGroupId,
        scriptSelector = t.ScriptSelector,
        status = t.Status == Core.Flow.ContactStatus.None ? null : t.Status.ToString().ToLowerInvariant(),
        ended = t.Ended,
        ronaCount = t.RonaCount,
        first = t.First,
        last = t.Last,
        offeredAt = t.OfferedAt,
        startedAt = t.StartedAt,
        endedAt = t.EndedAt,
        components = t.Components.Select(LogComponentNames.Of),
        timings = new
        {
            delayMs = t.Timings.Delay, queueMs = t.Timings.Queue, networkMs = t.Timings.Network, offerMs = t.Timings.Offer,
            handleMs = t.Timings.Handle, answerWaitMs = t.Timings.AnswerWait,
        },
        steps = t.Steps.Select(s => new { number = s.Number, name = s.Name, found = s.Found, at = s.At }),
        agentStates = t.AgentStates.Select(a => new { at = a.At, agentId = a.AgentId, loginId = a.LoginId, mrdId = a.MrdId, state = a.State.ToString(), inferred = a.Inferred, component = LogComponentNames.Of(a.Component) }),
        anomalies = t.Anomalies.Select(a => new { kind = char.ToLowerInvariant(a.Kind.ToString()[0]) + a.Kind.ToString()[1..], at = a.At, detail = a.Detail }),
        timeline = t.Timeline.Select(Event),
    };

    public static object Event(LogEvent e) => new
    {
        at = e.At,
        component = LogComponentNames.Of(e.Component),
        source = e.Source,
        line = e.Line,
        from = e.From.ToString(),
        to = e.To.ToString(),
        message = e.Message,
        contactId = e.ContactId == Guid.Empty ? (Guid?)null : e.ContactId,
        dialogueId = e.DialogueId == 0 ? (int?)null : e.DialogueId,
        routerCallKey = e.RouterCallKey == 0 ? null : $"({e.RouterCallKeyDay},{e.RouterCallKey})",
        taskId = e.TaskId.IsNone ? null : e.TaskId.ToString(),
        agentId = e.AgentId == 0 ? (int?)null : e.AgentId,
        loginId = e.LoginId == 0 ? (int?)null : e.LoginId,
        mrdId = e.MrdId == 0 ? (int?)null : e.MrdId,
        skillGroupId = e.SkillGroupId == 0 ? (int?)null : e.SkillGroupId,
        invokeId = e.InvokeId == 0 ? (int?)null : e.InvokeId,
        agentState = e.AgentState?.ToString(),
    };

    public static string Offset(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm");
}
