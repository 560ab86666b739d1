using System.Globalization;
using System.Net;
using System.Text;
using Taskroute.Analyzer;
using Taskroute.Core.Flow;

namespace Taskroute.Cli.Output;

/// <summary>
/// A self-contained HTML report of an analysis (no scripts, no fetches): the summary of tasks, and
/// for each task its steps, timings, anomalies and a sequence diagram across the components, drawn
/// in SVG. One file to attach to a case.
/// </summary>
internal static class AnalysisHtml
{
    private static readonly Module[] Lanes = [Module.Application, Module.Ccp, Module.MediaRouting, Module.Router, Module.AgentPeripheral, Module.Desktop, Module.Agent, Module.Clock];

    private static readonly Dictionary<Module, string> Titles = new()
    {
        [Module.Application] = "Application", [Module.Ccp] = "CCP", [Module.MediaRouting] = "MR PG", [Module.Router] = "Router",
        [Module.AgentPeripheral] = "Agent PG / CTI server", [Module.Desktop] = "Finesse", [Module.Agent] = "Agent", [Module.Clock] = "Clock",
    };

    public static string Write(AnalysisReport report)
    {
        var b = new StringBuilder();
        b.Append("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Taskroute log analysis</title>
            <style>
            body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;background:#f5f6f8;color:#1d2330}
            header{padding:12px 24px;background:#152040;color:#fff} header h1{margin:0;font-size:18px}
            main{max-width:1400px;margin:20px auto;padding:0 16px;display:grid;gap:16px}
            section{background:#fff;border:1px solid #dfe3ea;border-radius:10px;padding:14px 18px;min-width:0}
            h2{font-size:15px;margin:0 0 10px;color:#5d6678;text-transform:uppercase;letter-spacing:.04em}
            table{width:100%;border-collapse:collapse} th,td{text-align:left;padding:6px;border-bottom:1px solid #dfe3ea;vertical-align:top}
            th{font-size:12px;color:#5d6678;font-weight:500} td.num{text-align:right} .mono{font-family:ui-monospace,monospace}
            .missing{color:#b42323} .found{color:#1d7a46} .unreached{color:#5d6678} .anomaly{color:#b25e09} .meta{color:#5d6678;font-size:12px}
            .diagram,.wide{overflow-x:auto} svg text{font:11px system-ui,sans-serif}
            svg .lane{stroke:#b7bfcd;stroke-dasharray:4 4} svg .head{fill:#152040} svg .headText{fill:#fff;font-weight:600;text-anchor:middle}
            svg .arrow{stroke:#2459d6;stroke-width:1.4} svg .label{text-anchor:middle;fill:#1d2330} svg .time{fill:#5d6678;font-family:ui-monospace,monospace}
            a{color:#2459d6}
            </style></head><body>
            <header><h1>Taskroute log analysis</h1></header><main>
            """);
        var clock = Clock.Of(report);
        b.Append("<section><h2>Summary</h2><p class=\"meta\">")
            .Append(report.Tasks.Count).Append(" task(s) in ").Append(AnalysisView.SourceCount(report)).Append(" source(s), ")
            .Append(report.BytesRead.ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes read in ")
            .Append(report.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s; ICM clock at ")
            .Append(AnalysisJson.Offset(report.IcmOffset)).Append(report.IcmOffsetGuessed ? " (guessed)" : "")
            .Append("; every time is shown at ").Append(AnalysisJson.Offset(report.IcmOffset)).Append(clock.Day is { } day ? ", all on " + day : "").Append(".</p>");
        foreach (var note in report.Notes) b.Append("<p class=\"meta\">").Append(E(note)).Append("</p>");
        // A wide table scrolls in its own box, not the whole page.
        b.Append("<div class=\"wide\"><table><thead><tr><th>Task</th><th>Contact</th><th>Agent</th><th>Steps</th>")
            .Append(CultureInfo.InvariantCulture, $"<th>Offered ({clock.Zone})</th><th>Started ({clock.Zone})</th><th>Ended ({clock.Zone})</th>")
            .Append("<th>Answer wait</th><th>Handle</th><th>Anomalies</th></tr></thead><tbody>");
        foreach (var t in report.Tasks)
        {
            b.Append("<tr><td class=\"mono\"><a href=\"#task-").Append(t.Number).Append("\">").Append(E(t.Id)).Append("</a></td><td class=\"mono\">")
                .Append(t.ContactId == Guid.Empty ? "" : t.ContactId.ToString()).Append("</td><td>")
                .Append(AnalysisView.Agent(t)).Append("</td><td>")
                .Append(t.Steps.Count(s => s.Found)).Append("/9</td><td>").Append(clock.Time(t.OfferedAt)).Append("</td><td>").Append(clock.Time(t.StartedAt))
                .Append("</td><td>").Append(clock.Time(t.EndedAt)).Append("</td><td class=\"num\">").Append(Ms(t.Timings.AnswerWait))
                .Append("</td><td class=\"num\">").Append(Ms(t.Timings.Handle)).Append("</td><td class=\"anomaly\">")
                .Append(E(string.Join(", ", t.Anomalies.Select(a => a.Kind).Distinct()))).Append("</td></tr>");
        }
        b.Append("</tbody></table></div></section>");

        b.Append("<section><h2>Sources</h2><div class=\"wide\"><table><thead><tr><th>Source</th><th>Component</th><th>Lines read</th><th>Used</th><th>Skipped</th><th>Events</th><th>Date from</th></tr></thead><tbody>");
        foreach (var s in report.Sources)
            b.Append("<tr><td class=\"mono\">").Append(E(s.Name)).Append("</td><td>").Append(LogComponentNames.Of(s.Component)).Append("</td><td class=\"num\">")
                .Append(s.LinesRead).Append("</td><td class=\"num\">").Append(s.LinesUsed).Append("</td><td class=\"num\">").Append(s.LinesSkipped)
                .Append("</td><td class=\"num\">").Append(s.Events).Append("</td><td>").Append(E(s.DateFrom ?? "")).Append(s.Problem is null ? "" : " <span class=\"missing\">" + E(s.Problem) + "</span>").Append("</td></tr>");
        b.Append("</tbody></table></div></section>");

        foreach (var t in report.Tasks) Task(b, t, clock);
        b.Append("</main></body></html>");
        return b.ToString();
    }

    private static void Task(StringBuilder b, TaskFlow t, Clock clock)
    {
        b.Append("<section id=\"task-").Append(t.Number).Append("\"><h2>Task ").Append(E(t.Id)).Append("</h2><p class=\"meta\">")
            .Append(E(string.Join(" · ", new[]
            {
                t.ContactId == Guid.Empty ? null : "SocialContact " + t.ContactId,
                t.DialogueId == 0 ? null : "DialogueID " + t.DialogueId,
                t.RouterCallKey == 0 ? null : $"CID=({t.RouterCallKeyDay},{t.RouterCallKey})",
                t.ScriptSelector is null ? null : "DN " + t.ScriptSelector,
                t.SkillGroupId == 0 ? null : "skill group " + t.SkillGroupId,
                t.MrdId == 0 ? null : "MRD " + t.MrdId,
                t.AgentId == 0 ? null : $"agent {AnalysisView.Agent(t)}",
            }.Where(x => x is not null)))).Append("</p>");
        var x = t.Timings;
        b.Append("<table><thead><tr><th>Delay</th><th>Queue</th><th>Network</th><th>Offer</th><th>Handle</th><th>Answer wait</th></tr></thead><tbody><tr>");
        foreach (var v in new[] { x.Delay, x.Queue, x.Network, x.Offer, x.Handle, x.AnswerWait }) b.Append("<td class=\"num\">").Append(Ms(v)).Append("</td>");
        b.Append("</tr></tbody></table><p>");
        foreach (var s in t.Steps)
            b.Append("<span class=\"").Append(s.Found ? "found" : s.Missing ? "missing" : "unreached").Append("\">").Append(s.Found ? "✓" : s.Missing ? "✗" : "–").Append(' ').Append(s.Number).Append(". ")
                .Append(E(s.Name)).Append(s.At is { } at ? " " + clock.Time(at) : "").Append("</span><br>");
        b.Append("</p>");
        if (t.Anomalies.Count > 0)
        {
            b.Append("<ul>");
            foreach (var a in t.Anomalies) b.Append("<li class=\"anomaly\"><b>").Append(a.Kind).Append("</b> ").Append(clock.Time(a.At)).Append(' ').Append(E(a.Detail)).Append("</li>");
            b.Append("</ul>");
        }
        b.Append("<div class=\"diagram\">").Append(Sequence(t.Timeline, clock)).Append("</div></section>");
    }

    private static string Sequence(IReadOnlyList<LogEvent> events, Clock clock)
    {
        var used = Lanes.Where(m => events.Any(e => e.From == m || e.To == m)).ToList();
        if (used.Count == 0) return "";
        // A date before each time takes room of its own.
        const int gap = 170, top = 50, row = 26;
        var left = clock.Day is null ? 300 : 230;
        int X(Module m) => left + used.IndexOf(m) * gap;
        var width = left + (used.Count - 1) * gap + 110;
        var height = top + events.Count * row + 20;
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"Message flow\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        b.Append("<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#2459d6\"/></marker></defs>");
        foreach (var m in used)
        {
            b.Append(CultureInfo.InvariantCulture, $"<rect class=\"head\" x=\"{X(m) - 78}\" y=\"6\" width=\"156\" height=\"26\" rx=\"6\"/><text class=\"headText\" x=\"{X(m)}\" y=\"23\">{E(Titles[m])}</text>");
            b.Append(CultureInfo.InvariantCulture, $"<line class=\"lane\" x1=\"{X(m)}\" y1=\"32\" x2=\"{X(m)}\" y2=\"{height}\"/>");
        }
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var y = top + i * row + 12;
            int x1 = X(e.From), x2 = X(e.To);
            var end = x1 == x2 ? x1 + 40 : x2 + (x2 > x1 ? -4 : 4);
            var label = e.Message + (e.AgentStateName is { } s ? " " + s : "");
            b.Append(CultureInfo.InvariantCulture, $"<g><title>{E(e.Source)}:{e.Line} {E(e.Raw)}</title>");
            b.Append(CultureInfo.InvariantCulture, $"<text class=\"time\" x=\"6\" y=\"{y + 4}\">{clock.Time(e.At)} {E(LogComponentNames.Of(e.Component))}</text>");
            b.Append(CultureInfo.InvariantCulture, $"<line class=\"arrow\" x1=\"{x1}\" y1=\"{y + 7}\" x2=\"{end}\" y2=\"{y + 7}\" marker-end=\"url(#a)\"/>");
            b.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{(x1 + x2) / 2 + (x1 == x2 ? 20 : 0)}\" y=\"{y + 2}\">{E(label)}</text></g>");
        }
        return b.Append("</svg>").ToString();
    }

    /// <summary>
    /// Every time of the report on one clock, the ICM servers' offset the terminal shows them at
    /// (each log writes at its own: Finesse's and CCP's may be in UTC), with its date unless every
    /// task is of one day.
    /// </summary>
    private sealed class Clock
    {
        private readonly TimeSpan _offset;

        private Clock(TimeSpan offset, string? day)
        {
            _offset = offset;
            Day = day;
            Zone = AnalysisJson.Offset(offset);
        }

        /// <summary>The one day every task's times fall on, or null when they span several.</summary>
        public string? Day { get; }

        public string Zone { get; }

        public static Clock Of(AnalysisReport report)
        {
            var days = report.Tasks.SelectMany(t => new[] { t.First, t.Last }).Select(at => at.ToOffset(report.IcmOffset).Date).Distinct().Take(2).ToList();
            return new Clock(report.IcmOffset, days.Count == 1 ? days[0].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null);
        }

        public string Time(DateTimeOffset? at) =>
            at is { } t ? t.ToOffset(_offset).ToString(Day is null ? "yyyy-MM-dd HH:mm:ss.fff" : "HH:mm:ss.fff", CultureInfo.InvariantCulture) : "";
    }

    private static string Ms(long? ms) => ms is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) + " ms" : "—";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
