using System.Globalization;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary>
/// <c>taskroute report</c> and <c>trace</c> in a time zone (the child's TZ): a day is the machine's
/// day, from its midnight to the next with the offset each has then, and every time is shown with
/// the offset of its own instant, whatever the offset is today.
/// </summary>
public class ReportTimeZoneTests
{
    private static async Task<(DateTimeOffset From, DateTimeOffset To)> Period(string zone, string directory, string day, params string[] more)
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string> { ["TZ"] = zone }, ["report", "summary", "--day", day, "--json", .. more]);
        Assert.True(run.ExitCode == 0, run.Error);
        var report = JsonDocument.Parse(run.Out).RootElement;
        static DateTimeOffset Read(JsonElement e) => DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture).ToUniversalTime();
        return (Read(report.GetProperty("from")), Read(report.GetProperty("to")));
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_day_runs_from_its_midnight_to_the_next_each_with_its_own_offset_so_clock_change_days_are_23_or_25_hours()
    {
        var (directory, _) = await CliTests.SeedDataDirectory();
        try
        {
            const string NewYork = "America/New_York";
            Assert.Equal((Utc("2026-07-01T04:00Z"), Utc("2026-07-02T04:00Z")), await Period(NewYork, directory, "2026-07-01", "--data", directory));
            Assert.Equal((Utc("2026-01-15T05:00Z"), Utc("2026-01-16T05:00Z")), await Period(NewYork, directory, "2026-01-15", "--data", directory));
            Assert.Equal((Utc("2026-03-08T05:00Z"), Utc("2026-03-09T04:00Z")), await Period(NewYork, directory, "2026-03-08", "--data", directory));
            Assert.Equal((Utc("2026-11-01T04:00Z"), Utc("2026-11-02T05:00Z")), await Period(NewYork, directory, "2026-11-01", "--data", directory));
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Times_are_shown_with_the_offset_they_had_then_not_todays()
    {
        // Kazakhstan moved from +06:00 to +05:00 on 2024-03-01: the seed's day (2024-01-30) was at +06:00.
        const string Almaty = "Asia/Almaty";
        var (directory, _) = await CliTests.SeedDataDirectory();
        try
        {
            var env = new Dictionary<string, string> { ["TZ"] = Almaty };
            var json = await CliRun.RunAsync(env, ["report", "tasks", "--data", directory, "--day", "2024-01-30", "--json"]);
            Assert.True(json.ExitCode == 0, json.Error);
            var page = JsonDocument.Parse(json.Out).RootElement;
            Assert.Equal(Utc("2024-01-29T18:00Z"), DateTimeOffset.Parse(page.GetProperty("from").GetString()!, CultureInfo.InvariantCulture));
            var ended = DateTimeOffset.FromUnixTimeMilliseconds(Assert.Single(page.GetProperty("tasks").EnumerateArray()).GetProperty("endedAt").GetInt64());

            var table = await CliRun.RunAsync(env, ["report", "tasks", "--data", directory, "--day", "2024-01-30"]);
            Assert.True(table.ExitCode == 0, table.Error);
            Assert.Contains("2024-01-30 00:00 to 2024-01-31 00:00", table.Out, StringComparison.Ordinal);
            Assert.Contains(ended.ToOffset(TimeSpan.FromHours(6)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), table.Out, StringComparison.Ordinal);

            var trace = await CliRun.RunAsync(env, ["trace", "154526/37051928/1", "--data", directory]);
            Assert.True(trace.ExitCode == 0, trace.Error);
            // The seed's task came at 13:55:58 UTC.
            Assert.Matches(@"2024-01-30 19:5\d:\d\d\.\d{3} \+06:00", trace.Out);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task In_a_quarter_hour_zone_a_day_takes_the_intervals_that_start_in_it_so_neighbouring_days_share_none()
    {
        // Kathmandu is +05:45: its midnight is 18:15 UTC, inside a half hour.
        const string Kathmandu = "Asia/Kathmandu";
        var (halfHours, _) = await CliTests.SeedDataDirectory();
        var (quarters, _) = await CliTests.SeedDataDirectory(o => o.ReportIntervalMinutes = 15);
        try
        {
            var first = await Period(Kathmandu, halfHours, "2026-07-01", "--data", halfHours);
            var second = await Period(Kathmandu, halfHours, "2026-07-02", "--data", halfHours);
            Assert.Equal((Utc("2026-06-30T18:30Z"), Utc("2026-07-01T18:30Z")), first);
            Assert.Equal(first.To, second.From);
            Assert.Equal((Utc("2026-06-30T18:15Z"), Utc("2026-07-01T18:15Z")), await Period(Kathmandu, quarters, "2026-07-01", "--data", quarters));

            // A server says how long its intervals are.
            await using var server = await TestServer.StartAsync(halfHours);
            Assert.Equal(first, await Period(Kathmandu, halfHours, "2026-07-01", "--server", server.Client.BaseAddress!.ToString(), "--user", "sup1", "--password", "lab"));
        }
        finally
        {
            TestServer.TryDelete(halfHours);
            TestServer.TryDelete(quarters);
        }
    }
}
