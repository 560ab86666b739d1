using System.Text.RegularExpressions;
using Spectre.Console;
using Taskroute.Cli.Output;
using Taskroute.Core.Reporting;
using Taskroute.Server.Reporting;

namespace Taskroute.Server.Tests;

/// <summary><c>taskroute report tasks</c> as a table and as CSV: outcomes named as in the JSON and <c>--outcome</c>, absent ids left empty.</summary>
public class ReportTasksViewTests
{
    // Abandoned before the router knew its MRD or queue: no MRD, no queue, no agent.
    private static readonly TaskDetailRecord Abandoned = new()
    {
        Task = 7, ContactId = Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a"), TaskId = "154526:37051928:2", ScriptSelector = "Nowhere",
        ArrivedAt = 1_706_622_867_874, EndedAt = 1_706_622_897_874, Outcome = TaskOutcome.AbandonedInQueue, Status = Taskroute.Core.Flow.ContactStatus.Cancelled,
    };

    // Answered after its threshold: a miss.
    private static readonly TaskDetailRecord Missed = Abandoned with
    {
        Task = 8, TaskId = "154526:37051928:3", Outcome = TaskOutcome.Handled, Status = Taskroute.Core.Flow.ContactStatus.Handled, WithinServiceLevel = false,
    };

    // Discarded: the service level does not count it.
    private static readonly TaskDetailRecord Discarded = Abandoned with
    {
        Task = 9, TaskId = "154526:37051928:4", Outcome = TaskOutcome.Discarded, Status = Taskroute.Core.Flow.ContactStatus.Discarded, WithinServiceLevel = null,
    };

    private static string Draw(int width, params TaskDetailRecord[] tasks)
    {
        if (tasks.Length == 0) tasks = [Abandoned];
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = width;
        var day = new DateTimeOffset(2024, 1, 30, 0, 0, 0, TimeSpan.Zero);
        ReportView.Write(console, new TaskDetailPage(day, day.AddDays(1), tasks.Length, 1, 100, tasks), TimeZoneInfo.Utc);
        return Regex.Replace(text.ToString(), "\u001b\\[[0-9;]*m", "");
    }

    [Fact]
    public void The_table_names_the_outcome_as_the_json_does_and_shows_no_mrd_0()
    {
        var wide = Draw(200);
        Assert.Contains("abandonedInQueue", wide, StringComparison.Ordinal);
        var row = wide.Split('\n').Single(l => l.Contains("154526:37051928:2", StringComparison.Ordinal)).Split('│', StringSplitOptions.TrimEntries);
        Assert.Equal(("Nowhere", "", "", ""), (row[3], row[4], row[5], row[6]));

        var narrow = Draw(80);
        Assert.Contains("abandonedInQueue", narrow, StringComparison.Ordinal);
        Assert.DoesNotContain("MRD 0", narrow, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_level_column_says_missed_and_leaves_a_task_it_does_not_count_empty()
    {
        var wide = Draw(200, Missed, Discarded).Split('\n');
        string SlCell(string taskId) => wide.Single(l => l.Contains(taskId, StringComparison.Ordinal)).Split('│', StringSplitOptions.TrimEntries)[^2];
        Assert.Equal(("missed", ""), (SlCell("154526:37051928:3"), SlCell("154526:37051928:4")));

        var narrow = Draw(80, Missed, Discarded);
        Assert.Equal(1, narrow.Split("service level missed").Length - 1);
    }

    [Fact]
    public void The_csv_names_outcome_and_status_as_the_json_does_and_leaves_absent_ids_empty()
    {
        var lines = ReportCsv.Tasks([Abandoned]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var values = lines[1].Split(',');
        string Cell(string name) => values[Array.IndexOf(header, name)];
        var json = System.Text.Json.JsonSerializer.SerializeToElement(Abandoned, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        Assert.Equal((json.GetProperty("outcome").GetString(), json.GetProperty("status").GetString()), (Cell("outcome"), Cell("status")));
        Assert.Equal("abandonedInQueue", Cell("outcome"));
        foreach (var absent in new[] { "dialogueId", "previousTaskId", "mrdId", "skillGroupId", "precisionQueueId", "agentId", "loginId", "answeredAt" })
            Assert.Equal("", Cell(absent));
    }
}
