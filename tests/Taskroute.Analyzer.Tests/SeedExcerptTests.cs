using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
using Taskroute.Core.Tracing;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// The TechNote's own excerpts, as printed (cut lines, prose and blank lines included), one file
/// per component under Seed/: the analyzer tells the TechNote's story from them.
/// </summary>
public sealed class SeedExcerptTests
{
    private static readonly TimeSpan Eastern = TimeSpan.FromHours(-5);
    private static readonly string SeedFolder = Path.Combine(AppContext.BaseDirectory, "Seed");

    private static AnalysisReport Analyze(AnalyzerOptions? options = null) => LogAnalyzer.Analyze([SeedFolder], options);

    private static DateTimeOffset At(int h, int m, int s, int ms) => new(2024, 1, 30, h, m, s, ms, Eastern);

    [Fact]
    public void The_excerpts_tell_one_task_with_the_technote_ids()
    {
        var report = Analyze();
        var task = Assert.Single(report.Tasks);
        Assert.Equal(new IcmTaskId(154526, 37051928, 1), task.TaskId);
        Assert.Equal(Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a"), task.ContactId);
        Assert.Equal(5172, task.AgentId);
        Assert.Equal(1080, task.LoginId);
        Assert.Equal(4, task.DialogueId);
        Assert.Equal(5011, task.MrdId);
        Assert.Equal(5199, task.SkillGroupId);
        Assert.Equal("CumulusTask", task.ScriptSelector);
    }

    [Fact]
    public void The_offer_start_and_end_are_at_the_technote_times_at_minus_five_hours()
    {
        var task = Assert.Single(Analyze().Tasks);
        Assert.Equal(At(8, 55, 58, 923), task.OfferedAt);
        Assert.Equal(At(8, 56, 53, 745), task.StartedAt);
        Assert.Equal(At(8, 58, 10, 536), task.EndedAt);
        Assert.Equal(Eastern, task.StartedAt!.Value.Offset);
        Assert.True(task.Ended);
    }

    [Fact]
    public void The_icm_offset_is_guessed_from_the_finesse_lines_and_said()
    {
        var report = Analyze();
        Assert.True(report.IcmOffsetGuessed);
        Assert.Equal(Eastern, report.IcmOffset);
        Assert.Contains(report.Notes, n => n.Contains("UTC-05:00", StringComparison.Ordinal) && n.Contains("guessed", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.Contains("2024-01-30", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tz_the_ids_contradict_is_taken_as_given_but_said_to_disagree()
    {
        var wrong = Analyze(new AnalyzerOptions { IcmOffset = TimeSpan.FromHours(3) });
        Assert.Equal(TimeSpan.FromHours(3), wrong.IcmOffset);
        Assert.Contains(wrong.Notes, n => n.Contains("--tz +03:00 disagrees with the logs", StringComparison.Ordinal) && n.Contains("UTC-05:00", StringComparison.Ordinal));
        var right = Analyze(new AnalyzerOptions { IcmOffset = Eastern });
        Assert.DoesNotContain(right.Notes, n => n.Contains("disagrees", StringComparison.Ordinal));
    }

    [Fact]
    public void All_nine_steps_are_found()
    {
        var task = Assert.Single(Analyze().Tasks);
        Assert.Equal(TraceBuilder.StepNames, task.Steps.Select(s => s.Name));
        Assert.All(task.Steps, s => Assert.True(s.Found, $"step {s.Number} missing"));
        Assert.Equal(At(8, 55, 49, 391), task.Steps[0].At);
        Assert.Equal(At(8, 58, 10, 536), task.Steps[8].At);
        Assert.DoesNotContain(task.Anomalies, a => a.Kind is AnomalyKind.MissingStep or AnomalyKind.NotEnded);
    }

    [Fact]
    public void The_agent_goes_reserved_active_and_not_active()
    {
        var task = Assert.Single(Analyze().Tasks);
        Assert.Equal([AgentState.RESERVED, AgentState.ACTIVE, AgentState.NOT_ACTIVE], task.AgentStates.Select(s => s.State));
        Assert.All(task.AgentStates, s => Assert.Equal(5172, s.AgentId));
        Assert.Equal(At(8, 56, 53, 745), task.AgentStates[1].At);
    }

    [Fact]
    public void The_timings_follow_cce_definitions()
    {
        var t = Assert.Single(Analyze().Tasks).Timings;
        Assert.Equal(0, t.Delay);
        Assert.Equal(0, t.Queue);
        // From ctisvr's pre-call (49.391) to its OFFER_TASK_IND, both on the Agent PG's clock, as Cisco defines network time.
        Assert.Equal(58_923 - 49_391, t.Network);
        Assert.Equal(60_000 + 53_745 - 58_923, t.Offer);
        Assert.Equal(60_000 + 70_536 - 53_745, t.Handle);
        Assert.Equal(t.Network + t.Offer, t.AnswerWait);
    }

    [Fact]
    public void The_decode_error_is_an_anomaly_of_the_task()
    {
        var task = Assert.Single(Analyze().Tasks);
        var error = Assert.Single(task.Anomalies, a => a.Kind == AnomalyKind.DecodeError);
        Assert.Contains("Decode string length error", error.Detail, StringComparison.Ordinal);
        Assert.Equal(At(8, 58, 10, 536), error.At);
    }

    [Fact]
    public void The_hex_and_decimal_invoke_ids_are_one_message()
    {
        var task = Assert.Single(Analyze().Tasks);
        var offer = Assert.Single(task.Timeline, e => e.Message == "OFFER_TASK_IND");
        Assert.Equal(0x8a88, offer.InvokeId);
        Assert.Equal(35464, offer.InvokeId);
        Assert.Contains("SendARMMsg", offer.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void The_agent_events_before_the_task_stay_outside_it()
    {
        var report = Analyze();
        var task = Assert.Single(report.Tasks);
        Assert.DoesNotContain(task.Timeline, e => e.At < At(8, 55, 0, 0));
        Assert.Equal(2, report.UnattachedEvents);
    }

    [Fact]
    public void Every_component_is_recognised_and_cut_lines_are_counted_as_skipped()
    {
        var report = Analyze();
        Assert.Equal(
            [LogComponent.CcpApi, LogComponent.CcpPublicApps, LogComponent.CtiSvr, LogComponent.Pim, LogComponent.Rtr, LogComponent.Runtime, LogComponent.WebServices],
            report.Sources.Select(s => s.Component));
        var cti = Assert.Single(report.Sources, s => s.Component == LogComponent.CtiSvr);
        Assert.Equal(1, cti.LinesSkipped);
        var finesse = Assert.Single(report.Sources, s => s.Component == LogComponent.WebServices);
        Assert.Equal(4, finesse.LinesUsed);
        Assert.Equal(12, finesse.LinesSkipped);
        Assert.All(report.Sources, s => Assert.Equal(s.LinesRead - CountBlank(s.Name), s.LinesUsed + s.LinesSkipped));
    }

    [Fact]
    public void The_given_offset_wins_over_the_guess()
    {
        var report = Analyze(new AnalyzerOptions { IcmOffset = TimeSpan.FromHours(-6) });
        Assert.False(report.IcmOffsetGuessed);
        var task = Assert.Single(report.Tasks);
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 8, 56, 53, 745, TimeSpan.FromHours(-6)), task.StartedAt);
    }

    [Fact]
    public void The_icm_logs_alone_tell_the_whole_task_completing_the_call_key_the_technote_cuts_short()
    {
        // ctisvr's pre-call line is cut at "RouterCallKey=154526 37051": the one key of that day
        // those digits begin ties the line, and with it login 1080, to the task.
        var sources = LogSources.Open(new[] { "ctisvr.log", "pim.log", "rtr.log" }.Select(f => Path.Combine(SeedFolder, f)));
        var report = LogAnalyzer.Analyze(sources, new AnalyzerOptions { Date = new DateOnly(2024, 1, 30), IcmOffset = Eastern });
        var task = Assert.Single(report.Tasks);
        Assert.Equal((5172, 1080), (task.AgentId, task.LoginId));
        Assert.All(task.Steps, s => Assert.True(s.Found, $"step {s.Number}"));
        Assert.Equal([AgentState.RESERVED, AgentState.ACTIVE, AgentState.NOT_ACTIVE], task.AgentStates.Where(a => a.LoginId == 1080).Select(a => a.State));
        Assert.Equal(At(8, 56, 53, 745), task.StartedAt);
    }

    [Fact]
    public void The_icm_logs_alone_without_a_date_are_shown_on_the_day_their_call_keys_name_and_said_so()
    {
        // No header, no date in the names, no --date, no CCP or Finesse line: RouterCallKeyDay 154526 is January 30, 2024.
        var sources = LogSources.Open(new[] { "ctisvr.log", "pim.log", "rtr.log" }.Select(f => Path.Combine(SeedFolder, f)));
        var report = LogAnalyzer.Analyze(sources, new AnalyzerOptions { IcmOffset = Eastern });
        Assert.Equal(At(8, 56, 53, 745), Assert.Single(report.Tasks).StartedAt);
        Assert.All(report.Sources, s => Assert.Equal((new DateOnly(2024, 1, 30), "call keys"), (s.Date, s.DateFrom)));
        Assert.Contains(report.Notes, n => n.Contains("taken as 2024-01-30", StringComparison.Ordinal) && n.Contains("RouterCallKeyDay 154526", StringComparison.Ordinal) &&
            n.Contains("--date", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Notes, n => n.Contains("1970-01-01", StringComparison.Ordinal));
    }

    [Fact]
    public void A_date_that_puts_the_icm_lines_a_day_away_is_said_to_be_likely_wrong()
    {
        var report = Analyze(new AnalyzerOptions { Date = new DateOnly(2024, 1, 31) });
        Assert.Contains(report.Notes, n => n.Contains("check --date", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Notes, n => n.Contains("no id appears on both sides", StringComparison.Ordinal));
    }

    private static int CountBlank(string path) => File.ReadLines(path).Count(string.IsNullOrWhiteSpace);
}
