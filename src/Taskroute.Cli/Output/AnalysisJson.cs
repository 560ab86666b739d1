using System.Text.Json;
using Taskroute.Analyzer;

namespace Taskroute.Cli.Output;

/// <summary>An analysis as JSON for machines: the tasks with their timelines, the sources read and the notes.</summary>
internal static class AnalysisJson
{
    // Indented, with the default encoder: the same text JsonSerializer wrote from anonymous objects
    // before, which went through reflection for every event and took as long as the analysis itself.
    // Escaped only where JSON requires it: times keep their "+01:00" and log text its apostrophes,
    // as a reader of the output (or grep) expects them. The output is a file or a pipe, never HTML.
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Written out whenever this much has gathered: a day of logs makes hundreds of megabytes of JSON.
    private const int FlushAt = 1 << 16;

    public static void Write(Stream output, AnalysisReport report) => Write(output, report, report.Tasks, () => report);

    /// <summary>
    /// Writes a streamed analysis, each task as it is built, then dropped: no more than a batch of
    /// flows is held. The text is the same as a whole report's but for <c>elapsedMs</c>: the time until
    /// the tasks began to be built, or, for logs too large to hold, until the last was read.
    /// </summary>
    public static void Write(Stream output, StreamedAnalysis analysis) => Write(output, analysis.Report, analysis.Tasks, () => analysis.Report);

    private static void Write(Stream output, AnalysisReport report, IEnumerable<TaskFlow> tasks, Func<AnalysisReport> finished)
    {
        using (var json = new Utf8JsonWriter(output, Options))
        {
            json.WriteStartObject();
            json.WriteString("icmOffset", Offset(report.IcmOffset));
            json.WriteBoolean("icmOffsetGuessed", report.IcmOffsetGuessed);
            json.WriteStartArray("tasks");
            foreach (var task in tasks)
            {
                Task(json, task);
                if (json.BytesPending >= FlushAt) json.Flush();
            }
            json.WriteEndArray();
            // Logs too large to hold are read as their tasks are written: what needs all of them read comes after.
            report = finished();
            json.WriteStartArray("notes");
            foreach (var note in report.Notes) json.WriteStringValue(note);
            json.WriteEndArray();
            json.WriteNumber("bytesRead", report.BytesRead);
            json.WriteNumber("elapsedMs", (long)report.Elapsed.TotalMilliseconds);
            json.WriteNumber("unattachedEvents", report.UnattachedEvents);
            json.WriteStartArray("sources");
            foreach (var source in report.Sources) Source(json, source);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
        output.Flush();
    }

    private static void Source(Utf8JsonWriter json, SourceStats s)
    {
        json.WriteStartObject();
        json.WriteString("name", s.Name);
        json.WriteString("component", LogComponentNames.Of(s.Component));
        json.WriteNumber("bytes", s.Bytes);
        json.WriteNumber("linesRead", s.LinesRead);
        json.WriteNumber("linesUsed", s.LinesUsed);
        json.WriteNumber("linesSkipped", s.LinesSkipped);
        json.WriteNumber("events", s.Events);
        json.WriteNumber("linesCut", s.LinesCut);
        json.WriteString("date", s.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("dateFrom", s.DateFrom);
        json.WriteString("problem", s.Problem);
        json.WriteEndObject();
    }

    private static void Task(Utf8JsonWriter json, TaskFlow t)
    {
        json.WriteStartObject();
        json.WriteString("id", t.Id);
        json.WriteString("taskId", t.TaskId.IsNone ? null : t.TaskId.ToString());
        json.WriteString("routerCallKey", t.RouterCallKey == 0 ? null : $"({t.RouterCallKeyDay},{t.RouterCallKey})");
        Contact(json, t.ContactId);
        Number(json, "dialogueId", t.DialogueId);
        Number(json, "agentId", t.AgentId);
        Number(json, "loginId", t.LoginId);
        Number(json, "mrdId", t.MrdId);
        Number(json, "skillGroupId", t.SkillGroupId);
        json.WriteString("scriptSelector", t.ScriptSelector);
        json.WriteString("status", t.StatusName);
        if (t.Disposition == Core.Flow.Disposition.None) json.WriteNull("disposition");
        else json.WriteNumber("disposition", (int)t.Disposition);
        json.WriteBoolean("ended", t.Ended);
        json.WriteNumber("ronaCount", t.RonaCount);
        json.WriteString("first", t.First);
        json.WriteString("last", t.Last);
        Time(json, "offeredAt", t.OfferedAt);
        Time(json, "startedAt", t.StartedAt);
        Time(json, "endedAt", t.EndedAt);
        json.WriteStartArray("components");
        foreach (var component in t.Components) json.WriteStringValue(LogComponentNames.Of(component));
        json.WriteEndArray();
        json.WriteStartObject("timings");
        Milliseconds(json, "delayMs", t.Timings.Delay);
        Milliseconds(json, "queueMs", t.Timings.Queue);
        Milliseconds(json, "networkMs", t.Timings.Network);
        Milliseconds(json, "offerMs", t.Timings.Offer);
        Milliseconds(json, "handleMs", t.Timings.Handle);
        Milliseconds(json, "answerWaitMs", t.Timings.AnswerWait);
        json.WriteEndObject();
        json.WriteStartArray("steps");
        foreach (var step in t.Steps)
        {
            json.WriteStartObject();
            json.WriteNumber("number", step.Number);
            json.WriteString("name", step.Name);
            json.WriteBoolean("found", step.Found);
            json.WriteBoolean("missing", step.Missing);
            Time(json, "at", step.At);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("agentStates");
        foreach (var a in t.AgentStates)
        {
            json.WriteStartObject();
            json.WriteString("at", a.At);
            // Unknown is null here as on the task and its events, never a 0 that reads as an id.
            Number(json, "agentId", a.AgentId);
            Number(json, "loginId", a.LoginId);
            Number(json, "mrdId", a.MrdId);
            json.WriteString("state", a.Name);
            json.WriteBoolean("inferred", a.Inferred);
            json.WriteString("component", LogComponentNames.Of(a.Component));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("anomalies");
        foreach (var a in t.Anomalies)
        {
            var kind = a.Kind.ToString();
            json.WriteStartObject();
            json.WriteString("kind", char.ToLowerInvariant(kind[0]) + kind[1..]);
            Time(json, "at", a.At);
            json.WriteString("detail", a.Detail);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("timeline");
        foreach (var e in t.Timeline) Event(json, e);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Event(Utf8JsonWriter json, LogEvent e)
    {
        json.WriteStartObject();
        json.WriteString("at", e.At);
        json.WriteString("component", LogComponentNames.Of(e.Component));
        json.WriteString("source", e.Source);
        json.WriteNumber("line", e.Line);
        json.WriteString("from", e.From.ToString());
        json.WriteString("to", e.To.ToString());
        json.WriteString("message", e.Message);
        Contact(json, e.ContactId);
        Number(json, "dialogueId", e.DialogueId);
        json.WriteString("routerCallKey", e.RouterCallKey == 0 ? null : $"({e.RouterCallKeyDay},{e.RouterCallKey})");
        json.WriteString("taskId", e.TaskId.IsNone ? null : e.TaskId.ToString());
        Number(json, "agentId", e.AgentId);
        Number(json, "loginId", e.LoginId);
        Number(json, "mrdId", e.MrdId);
        Number(json, "skillGroupId", e.SkillGroupId);
        Number(json, "invokeId", e.InvokeId);
        json.WriteString("agentState", e.AgentStateName);
        json.WriteEndObject();
    }

    private static void Contact(Utf8JsonWriter json, Guid contact)
    {
        if (contact == Guid.Empty) json.WriteNull("contactId");
        else json.WriteString("contactId", contact);
    }

    // An id of 0 is one the logs did not give: null, not 0.
    private static void Number(Utf8JsonWriter json, string name, int value)
    {
        if (value == 0) json.WriteNull(name);
        else json.WriteNumber(name, value);
    }

    private static void Milliseconds(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } ms) json.WriteNumber(name, ms);
        else json.WriteNull(name);
    }

    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } at) json.WriteString(name, at);
        else json.WriteNull(name);
    }

    public static string Offset(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm");
}
