using System.Text.Json;
using Spectre.Console;
using Taskroute.Core.Flow;

namespace Taskroute.Cli.Output;

/// <summary>Prints flow events as a table for people or as JSON lines for machines.</summary>
internal static class FlowTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<FlowEvent> events, TimeSpan offset)
    {
        static string Time(FlowEvent e, TimeSpan offset) => DateTimeOffset.FromUnixTimeMilliseconds(e.Time).ToOffset(offset).ToString("HH:mm:ss.fff");
        // The fields' column folds to a few letters in a narrow terminal, as in trace: there, a line per message and its fields beneath.
        if (console.Profile.Width < TraceView.WideEnough)
        {
            foreach (var e in events)
            {
                console.MarkupLine($"{Time(e, offset)}  {e.From} → {e.To}  [bold]{e.Message}[/]");
                if (Fields(e) is { Length: > 0 } fields) console.MarkupLine("    [grey]" + Markup.Escape(fields) + "[/]");
            }
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("time").NoWrap())
            .AddColumn(new TableColumn("from → to").NoWrap())
            .AddColumn(new TableColumn("message").NoWrap())
            .AddColumn("ids and fields");
        foreach (var e in events)
        {
            table.AddRow(Markup.Escape(Time(e, offset)), $"{e.From} → {e.To}", $"[bold]{e.Message}[/]", Markup.Escape(Fields(e)));
        }
        console.Write(table);
    }

    // Output for a terminal or a file, never a web page: times keep their '+' (not \u002B).
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteJson(TextWriter writer, IEnumerable<FlowEvent> events)
    {
        foreach (var e in events)
        {
            writer.WriteLine(JsonSerializer.Serialize(new
            {
                // Milliseconds, as every other time the CLI and the API write (the round-trip form has seven digits).
                time = DateTimeOffset.FromUnixTimeMilliseconds(e.Time).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture),
                from = e.From.ToString(),
                to = e.To.ToString(),
                message = e.Message.ToString(),
                task = e.Task,
                contactId = e.ContactId == Guid.Empty ? null : e.ContactId.ToString("D"),
                dialogueId = e.DialogueId == 0 ? (int?)null : e.DialogueId,
                taskId = e.TaskId.IsNone || e.TaskId == default ? null : e.TaskId.ToString(),
                scriptSelector = e.ScriptSelector,
                skillGroupId = e.SkillGroupId == 0 ? (int?)null : e.SkillGroupId,
                agentId = e.AgentId == 0 ? (int?)null : e.AgentId,
                mrdId = e.MrdId == 0 ? (int?)null : e.MrdId,
                agentState = e.Message is MessageType.AGENT_EVENT ? e.AgentState.ToString() : null,
                contactStatus = e.ContactStatus == ContactStatus.None ? null : e.ContactStatus.ToString().ToLowerInvariant(),
                disposition = e.Disposition == Disposition.None ? (int?)null : (int)e.Disposition,
                rule = e.Rule == RoutingRule.None ? null : e.Rule.ToString(),
                text = e.Text,
            }, Json));
        }
    }

    private static string Fields(FlowEvent e)
    {
        // The canonical line minus what the other columns already show.
        var line = e.ToString();
        var start = line.IndexOf(e.Message.ToString(), StringComparison.Ordinal) + e.Message.ToString().Length;
        return line[start..].Trim();
    }
}
