using Spectre.Console;
using Taskroute.Server.Api.Traces;

namespace Taskroute.Cli.Output;

/// <summary>Prints a task's trace, or an agent's tasks, as tables for people.</summary>
internal static class TraceView
{
    public static void Write(IAnsiConsole console, TraceResource trace, TimeZoneInfo zone)
    {
        string At(long ms) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(ms), zone).ToString("HH:mm:ss.fff");
        var first = trace.Events.Count > 0 ? TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(trace.Events[0].Time), zone) : (DateTimeOffset?)null;

        var ids = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Id(string name, object? value)
        {
            if (value is not null) ids.AddRow($"[grey]{name}[/]", Markup.Escape(value.ToString()!));
        }
        Id("task id", trace.TaskId);
        Id("dialog id", trace.DialogId);
        Id("SocialContact", trace.ContactId);
        Id("DialogueID", trace.DialogueId);
        Id("RouterCallKey", trace.RouterCallKey is null ? null : "CID=" + trace.RouterCallKey);
        Id("script selector", trace.ScriptSelector);
        Id("MRD", trace.MrdId);
        Id("skill group", trace.SkillGroupId);
        Id("precision queue", trace.PrecisionQueueId);
        Id("agent", trace.AgentId is null ? null : $"{trace.AgentId} (login {trace.LoginId})");
        Id("status", trace.Status is null ? null : trace.Status + (trace.Disposition is null ? "" : $", disposition {trace.Disposition} ({trace.DispositionName})"));
        Id("name / title", trace.Name is null ? null : $"{trace.Name} / {trace.Title}");
        Id("previous task", trace.PreviousTaskId);
        if (trace.RelatedTaskIds.Count > 0) Id("related tasks", string.Join(", ", trace.RelatedTaskIds));
        Id("first message", first?.ToString("yyyy-MM-dd HH:mm:ss.fff zzz"));
        console.Write(new Panel(ids).Header($"[bold]Task {Markup.Escape(trace.TaskId ?? "#" + trace.Task)}[/]").Border(BoxBorder.Rounded));

        var t = trace.Timings;
        var timings = new Table().Border(TableBorder.Rounded).Title("CCE timings");
        foreach (var name in new[] { "delay", "queue", "network", "offer", "handle", "answer wait" }) timings.AddColumn(new TableColumn(name).RightAligned());
        timings.AddRow(Ms(t.DelayMs), Ms(t.QueueMs), Ms(t.NetworkMs), Ms(t.OfferMs), Ms(t.HandleMs), $"[bold]{Ms(t.AnswerWaitMs)}[/]");
        console.Write(timings);

        var steps = new Table().Border(TableBorder.Rounded).Title("The TechNote's nine steps").AddColumn("#").AddColumn("step").AddColumn("at");
        foreach (var s in trace.Steps)
            steps.AddRow(s.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), (s.Found ? "[green]✓[/] " : s.Missing ? "[red]✗[/] " : "[grey]–[/] ") + Markup.Escape(s.Name), s.Time is { } at ? At(at) : "[grey]—[/]");
        console.Write(steps);

        if (trace.Flags.Count > 0)
        {
            var flags = new Table().Border(TableBorder.Rounded).Title("[yellow]Flags[/]").AddColumn("flag").AddColumn("at").AddColumn("detail");
            foreach (var f in trace.Flags) flags.AddRow($"[yellow]{Markup.Escape(f.Kind)}[/]", f.Time is { } at ? At(at) : "", Markup.Escape(f.Detail));
            console.Write(flags);
        }

        // A table's five columns fold to nothing in a narrow terminal: there, a line per message and its fields beneath.
        if (console.Profile.Width < WideEnough)
        {
            console.Write(new Rule("Flow").LeftJustified());
            foreach (var e in trace.Events)
            {
                console.MarkupLine($"{At(e.Time)} {e.ElapsedMs,7:+#,0;-#,0;+0} ms  {e.From} → {e.To}  [bold]{e.Message}[/]");
                if (Fields(e) is { Length: > 0 } fields) console.MarkupLine("    [grey]" + Markup.Escape(fields) + "[/]");
            }
        }
        else
        {
            WriteFlowTable(console, trace, At);
        }

        foreach (var d in trace.Decisions)
            console.MarkupLine($"[grey]decision at {At(d.Time)}:[/] agent {d.AgentId} by {d.Rule} among {d.Candidates} candidate(s)"
                + (d.SkillGroupId is { } sg ? $" in skill group {sg}" : "") + (d.PrecisionQueueId is { } pq ? $" in precision queue {pq}" : ""));
    }

    /// <summary>Below this many columns tables give way to lines.</summary>
    internal const int WideEnough = 120;

    private static void WriteFlowTable(IAnsiConsole console, TraceResource trace, Func<long, string> At)
    {
        var events = new Table().Border(TableBorder.Rounded).Title("Flow")
            .AddColumn(new TableColumn("time").NoWrap())
            .AddColumn(new TableColumn("+ms").RightAligned().NoWrap())
            .AddColumn(new TableColumn("from → to").NoWrap())
            .AddColumn(new TableColumn("message").NoWrap())
            .AddColumn("fields");
        foreach (var e in trace.Events)
            events.AddRow(At(e.Time), e.ElapsedMs.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{e.From} → {e.To}", $"[bold]{e.Message}[/]", Markup.Escape(Fields(e)));
        console.Write(events);
    }

    public static void Write(IAnsiConsole console, AgentTraceList list, TimeZoneInfo zone)
    {
        string At(long ms) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(ms), zone).ToString("yyyy-MM-dd HH:mm:ss.fff");
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Agent {list.LoginId} (ICM agent {list.AgentId}{(list.Name == $"Agent {list.LoginId}" ? "" : ", " + Markup.Escape(list.Name))}): {list.Tasks.Count} task(s) from {TimeZoneInfo.ConvertTime(list.From, zone):yyyy-MM-dd HH:mm} to {TimeZoneInfo.ConvertTime(list.To, zone):yyyy-MM-dd HH:mm}")
            .AddColumn("reserved at").AddColumn("task id").AddColumn("script selector").AddColumn("status")
            .AddColumn(new TableColumn("answer wait").RightAligned()).AddColumn(new TableColumn("handle").RightAligned()).AddColumn("flags");
        foreach (var item in list.Tasks)
            table.AddRow(item.ReservedAt is { } at ? At(at) : "", Markup.Escape(item.TaskId ?? "#" + item.Task), Markup.Escape(item.ScriptSelector ?? ""),
                Markup.Escape(item.Status ?? "") + (item.Disposition is { } d ? $" ({d})" : ""), Ms(item.AnswerWaitMs), Ms(item.HandleMs), Markup.Escape(string.Join(", ", item.Flags)));
        console.Write(table);
    }

    private static string Ms(long? ms) => ms is { } v ? $"{v:N0} ms" : "—";

    private static string Fields(TraceResource.EventResource e)
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null) parts.Add($"{name}={value}");
        }
        Add("DialogueID", e.DialogueId);
        Add("DN", e.ScriptSelector);
        Add("CID", e.RouterCallKey);
        Add("TaskID", e.TaskId);
        Add("SkillGroup", e.SkillGroupId);
        Add("PQ", e.PrecisionQueueId);
        Add("ICMAgentID", e.AgentId);
        Add("Login", e.LoginId);
        Add("MRDID", e.MrdId);
        Add("state", e.AgentState);
        // As ctisvr prints it, and only when it matters: after a ring-out.
        if (e.Routable == false) parts.Add("Routable=0");
        Add("status", e.ContactStatus);
        Add("disposition", e.Disposition);
        if (e.Rule is not null) parts.Add($"rule={e.Rule} candidates={e.Candidates}");
        Add("text", e.Text);
        return string.Join(' ', parts);
    }
}
