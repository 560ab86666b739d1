using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Taskroute.Core.Lab;
using Taskroute.Server.Accounts;
using Taskroute.Server.Reporting;

namespace Taskroute.Server.Tests;

/// <summary>Reports of the seed's task and a few more, over loopback HTTP, against figures worked out by hand.</summary>
public class ReportApiTests
{
    private static readonly DateTimeOffset SeedStart = new(2024, 1, 30, 8, 54, 27, 874, TimeSpan.FromHours(-5));

    // The seed's half hour, 08:30 to 09:00 at -05:00.
    private const string HalfHour = "from=2024-01-30T13:30:00Z&to=2024-01-30T14:00:00Z";

    private static async Task<JsonElement> Get(TestServer server, string path, string user = "sup1")
    {
        var response = await server.SendAs(user, HttpMethod.Get, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement RowOf(JsonElement report, string id) =>
        report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);

    private static long Count(JsonElement row, string name) => row.GetProperty("counts").GetProperty(name).GetInt64();

    [Fact]
    public async Task The_seeds_task_shows_in_the_mrd_skill_group_and_agent_summaries_with_its_timings()
    {
        var time = new FakeTimeProvider(SeedStart);
        await using var server = await TestServer.StartAsync(time: time);
        await TraceApiTests.RunSeedTask(server, time);

        var mrd = RowOf(await Get(server, "/api/v1/reports/summary?by=mrd&" + HalfHour), "5011");
        Assert.Equal(("Cumulus_Task", 1L, 1L, 1L, 1L), (mrd.GetProperty("name").GetString(), Count(mrd, "offered"), Count(mrd, "routed"), Count(mrd, "answered"), Count(mrd, "handled")));
        Assert.Equal((64_512L, 76_791L), (Count(mrd, "answerWaitMs"), Count(mrd, "handleTimeMs")));
        var figures = mrd.GetProperty("figures");
        Assert.Equal((64_512.0, 76_791.0, 0.0), (figures.GetProperty("averageSpeedOfAnswerMs").GetDouble(), figures.GetProperty("averageHandleMs").GetDouble(), figures.GetProperty("serviceLevel").GetDouble()));

        Assert.Equal(1, Count(RowOf(await Get(server, "/api/v1/reports/summary?by=skillGroup&" + HalfHour), "5199"), "offered"));
        Assert.Equal(1, Count(RowOf(await Get(server, "/api/v1/reports/summary?by=scriptSelector&" + HalfHour), "CumulusTask"), "handled"));

        // Not ready 08:54:27.874-08:54:34.531, ready until the task came at 08:55:49.233, reserved until 08:56:53.745, active until 08:58:10.536.
        var agent = RowOf(await Get(server, "/api/v1/reports/summary?by=agent&" + HalfHour), "1080");
        Assert.Equal((6_657L, 74_702L, 64_512L, 76_791L), (Count(agent, "notReadyMs"), Count(agent, "availableMs"), Count(agent, "reservedMs"), Count(agent, "activeMs")));
        Assert.Equal((1L, 1L), (Count(agent, "routed"), Count(agent, "handled")));
        // Busy 141,303 ms of 216,005 ms not spent not ready.
        Assert.Equal(65.42, agent.GetProperty("figures").GetProperty("occupancy").GetDouble());
    }

    [Fact]
    public async Task Interval_totals_come_with_the_intervals_report_and_are_not_an_empty_list_in_the_summary()
    {
        var time = new FakeTimeProvider(SeedStart);
        await using var server = await TestServer.StartAsync(time: time);
        await TraceApiTests.RunSeedTask(server, time);

        var intervals = await Get(server, "/api/v1/reports/intervals?by=mrd&" + HalfHour);
        var totals = intervals.GetProperty("intervalTotals").EnumerateArray().ToList();
        Assert.Equal(("*", 1L), (Assert.Single(totals).GetProperty("id").GetString(), Count(totals[0], "handled")));

        // A summary's rows are summed over the period: it has no per-interval totals to give, and says so by leaving them out.
        var summary = await Get(server, "/api/v1/reports/summary?by=mrd&" + HalfHour);
        Assert.False(summary.TryGetProperty("intervalTotals", out _));
        Assert.Equal(1, Count(summary.GetProperty("total"), "handled"));
    }

    [Fact]
    public async Task Agent_and_mrd_rows_break_not_ready_time_down_by_reason_code_in_json_and_csv()
    {
        var time = new FakeTimeProvider(SeedStart);
        await using var server = await TestServer.StartAsync(time: time);
        async Task Media(object change) =>
            Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", change)).StatusCode);
        // Signed in Not Ready with no reason for 10 s, then Not Ready for reason 12 (a break) for 30 s, then ready.
        await Media(new { state = "LOGIN" });
        time.Advance(TimeSpan.FromSeconds(10));
        await Media(new { state = "NOT_READY", reasonCode = 12 });
        time.Advance(TimeSpan.FromSeconds(30));
        await Media(new { state = "READY" });
        time.Advance(TimeSpan.FromSeconds(5));

        static Dictionary<string, long> Reasons(JsonElement row) =>
            row.GetProperty("notReadyByReason").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        var expected = new Dictionary<string, long> { ["0"] = 10_000, ["12"] = 30_000 };
        var agents = await Get(server, "/api/v1/reports/summary?by=agent&" + HalfHour);
        var agent = RowOf(agents, "1080");
        Assert.Equal(40_000, Count(agent, "notReadyMs"));
        Assert.Equal(expected, Reasons(agent));
        Assert.Equal(expected, Reasons(agents.GetProperty("total")));
        Assert.Equal(expected, Reasons(RowOf(await Get(server, "/api/v1/reports/summary?by=mrd&" + HalfHour), "5011")));
        Assert.Equal(expected, Reasons(RowOf(await Get(server, "/api/v1/reports/intervals?by=agent&id=1080&" + HalfHour), "1080")));
        // Queues hold no agent time: an empty breakdown, not a missing field.
        Assert.Empty(Reasons((await Get(server, "/api/v1/reports/summary?by=skillGroup&" + HalfHour)).GetProperty("total")));

        var csv = await (await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/summary?by=agent&format=csv&" + HalfHour)).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",notReadyByReason", lines[0], StringComparison.Ordinal);
        var line = lines.Single(l => l.Contains(",agent,1080,", StringComparison.Ordinal));
        Assert.EndsWith(",\"{\"\"0\"\":10000,\"\"12\"\":30000}\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_left_waiting_past_its_threshold_counts_against_the_service_level_with_nothing_else_happening()
    {
        var time = new FakeTimeProvider(SeedStart);
        await using var server = await TestServer.StartAsync(time: time);
        var submitted = await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", System.Text.Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal(0, Count(RowOf(await Get(server, "/api/v1/reports/summary?by=mrd&" + HalfHour), "5011"), "serviceLevelOffered"));

        // The 30 s threshold passes in a quiet system: no event comes to carry it, yet the reports
        // count it within moments (a grace of 2 s for a start still on its way to the journal).
        time.Advance(TimeSpan.FromSeconds(30) + ReportKeeper.ThresholdGrace + TimeSpan.FromSeconds(1));
        long offered = 0;
        for (var attempt = 0; attempt < 200 && offered == 0; attempt++)
        {
            offered = Count(RowOf(await Get(server, "/api/v1/reports/summary?by=mrd&" + HalfHour), "5011"), "serviceLevelOffered");
            if (offered == 0) await Task.Delay(50);
        }
        Assert.Equal(1, offered);
        Assert.Equal(0, Count(RowOf(await Get(server, "/api/v1/reports/summary?by=mrd&" + HalfHour), "5011"), "serviceLevelAnswered"));
    }

    [Fact]
    public async Task A_supervisor_reads_its_own_teams_agents_and_tasks_and_the_queues()
    {
        var time = new FakeTimeProvider(SeedStart);
        var configuration = LabConfiguration.Create();
        var lab = AccountStore.Lab(configuration);
        var sup2 = new Account("sup2", Role.Supervisor, lab.Find("sup1")!.PasswordHash, Team: new HashSet<int> { 1089 });
        var accounts = new AccountStore([.. configuration.Agents.Select(a => lab.Find(a.LoginId.ToString(CultureInfo.InvariantCulture))!), lab.Find("sup1")!, lab.Find("admin")!, sup2]);
        await using var server = await TestServer.StartAsync(time: time, accounts: accounts);
        // Agent 1080, who handles the seed's task, is sup1's (every lab agent) and not sup2's (1089 only).
        await TraceApiTests.RunSeedTask(server, time);

        const string Day = "from=2024-01-30&to=2024-01-31";
        var agents = await Get(server, "/api/v1/reports/summary?by=agent&" + Day, "sup2");
        Assert.DoesNotContain(agents.GetProperty("rows").EnumerateArray(), r => r.GetProperty("id").GetString() == "1080");
        Assert.Equal(0, Count(agents.GetProperty("total"), "handled"));
        Assert.Equal(1, Count(RowOf(await Get(server, "/api/v1/reports/summary?by=agent&" + Day), "1080"), "handled"));

        var refused = await server.SendAs("sup2", HttpMethod.Get, "/api/v1/reports/intervals?by=agent&id=1080&" + Day);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("agent 1080 is not in your team", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.SendAs("sup2", HttpMethod.Get, "/api/v1/reports/tasks?by=agent&id=1080&" + Day)).StatusCode);

        Assert.Equal(0, (await Get(server, "/api/v1/reports/tasks?" + Day, "sup2")).GetProperty("total").GetInt64());
        Assert.Equal(1, (await Get(server, "/api/v1/reports/tasks?" + Day)).GetProperty("total").GetInt64());
        Assert.Equal(1, (await Get(server, "/api/v1/reports/tasks?" + Day, "admin")).GetProperty("total").GetInt64());
        // Queues are nobody's own: sup2 sees the MRD's figures whole.
        Assert.Equal(1, Count(RowOf(await Get(server, "/api/v1/reports/summary?by=mrd&" + Day, "sup2"), "5011"), "handled"));
    }

    [Fact]
    public async Task Interval_rows_follow_the_configured_length_and_count_time_still_running()
    {
        var time = new FakeTimeProvider(SeedStart);
        await using var server = await TestServer.StartAsync(time: time, configure: o => o.ReportIntervalMinutes = 15);
        await TraceApiTests.RunSeedTask(server, time);
        time.SetUtcNow(new DateTimeOffset(2024, 1, 30, 9, 0, 10, 536, TimeSpan.FromHours(-5)));

        var report = await Get(server, "/api/v1/reports/intervals?by=agent&id=1080&from=2024-01-30T13:45:00Z&to=2024-01-30T14:15:00Z");
        Assert.Equal(15, report.GetProperty("intervalMinutes").GetInt32());
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["2024-01-30T13:45:00+00:00", "2024-01-30T14:00:00+00:00"], rows.Select(r => r.GetProperty("start").GetDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)));
        // Ready again from 08:58:10.536: 109,464 ms to 09:00, then 10,536 ms in the next interval, counted though the agent has not changed state.
        Assert.Equal(74_702 + 109_464, Count(rows[0], "availableMs"));
        Assert.Equal(10_536, Count(rows[1], "availableMs"));
        Assert.Equal(1, Count(rows[0], "handled"));
    }

    [Fact]
    public async Task Task_detail_records_list_the_ended_task_with_its_ids_timings_and_outcome_as_json_and_csv()
    {
        var time = new FakeTimeProvider(SeedStart);
        await using var server = await TestServer.StartAsync(time: time);
        var contact = await TraceApiTests.RunSeedTask(server, time);

        var page = await Get(server, "/api/v1/reports/tasks?from=2024-01-30&to=2024-01-31");
        Assert.Equal(1, page.GetProperty("total").GetInt64());
        var task = page.GetProperty("tasks")[0];
        Assert.Equal((contact, "154526:37051928:1", 1080, "CumulusTask"), (task.GetProperty("contactId").GetGuid(), task.GetProperty("taskId").GetString(), task.GetProperty("loginId").GetInt32(), task.GetProperty("scriptSelector").GetString()));
        Assert.Equal((64_512L, 76_791L, 9_690L, 54_822L), (task.GetProperty("answerWaitMs").GetInt64(), task.GetProperty("handleMs").GetInt64(), task.GetProperty("networkMs").GetInt64(), task.GetProperty("offerMs").GetInt64()));
        Assert.Equal("handled", task.GetProperty("outcome").GetString());
        Assert.Equal(1, (await Get(server, "/api/v1/reports/tasks?by=agent&id=1080&from=2024-01-30&to=2024-01-31")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await Get(server, "/api/v1/reports/tasks?by=agent&id=1081&from=2024-01-30&to=2024-01-31")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await Get(server, "/api/v1/reports/tasks?outcome=abandonedInQueue&from=2024-01-30&to=2024-01-31")).GetProperty("total").GetInt64());

        var csv = await (await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/tasks?format=csv&from=2024-01-30&to=2024-01-31")).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var header = lines[0].Split(',');
        var values = lines[1].Split(',');
        Assert.Equal("154526:37051928:1", values[Array.IndexOf(header, "taskId")]);
        Assert.Equal("64512", values[Array.IndexOf(header, "answerWaitMs")]);
        // Named as the JSON and the outcome filter name them; what the task never had is an empty cell, not 0.
        Assert.Equal(("handled", task.GetProperty("status").GetString()), (values[Array.IndexOf(header, "outcome")], values[Array.IndexOf(header, "status")]));
        Assert.Equal(("5011", "5199", "", ""), (values[Array.IndexOf(header, "mrdId")], values[Array.IndexOf(header, "skillGroupId")],
            values[Array.IndexOf(header, "precisionQueueId")], values[Array.IndexOf(header, "previousTaskId")]));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/summary?by=mrd&" + HalfHour);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("sup1:lab"u8.ToArray()));
        request.Headers.Accept.ParseAdd("text/csv");
        var summary = await server.Client.SendAsync(request);
        Assert.Equal("text/csv", summary.Content.Headers.ContentType!.MediaType);
        var rows = (await summary.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("start,end,dimension,id,name,offered,", rows[0], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.Contains(",mrd,5011,Cumulus_Task,1,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_that_missed_the_service_level_reads_apart_from_one_the_service_level_does_not_count()
    {
        var time = new FakeTimeProvider(SeedStart);
        await using var server = await TestServer.StartAsync(time: time);
        // Answered after 64.5 s against a 30 s threshold: missed.
        await TraceApiTests.RunSeedTask(server, time);
        // Discarded at once for a selector the lab lacks: outside the service level.
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "n", title = "t", scriptSelector = "Nowhere" })).StatusCode);
        var tasks = new JsonElement();
        for (var attempt = 0; attempt < 200 && (attempt == 0 || tasks.GetProperty("total").GetInt64() < 2); attempt++)
        {
            if (attempt > 0) await Task.Delay(50);
            tasks = await Get(server, "/api/v1/reports/tasks?from=2024-01-30&to=2024-01-31");
        }
        var byOutcome = tasks.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("outcome").GetString()!);
        Assert.Equal((JsonValueKind.False, JsonValueKind.Null),
            (byOutcome["handled"].GetProperty("withinServiceLevel").ValueKind, byOutcome["discarded"].GetProperty("withinServiceLevel").ValueKind));

        var csv = await (await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/tasks?format=csv&from=2024-01-30&to=2024-01-31")).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(v => v[Array.IndexOf(header, "outcome")], v => v[Array.IndexOf(header, "withinServiceLevel")]);
        Assert.Equal(("false", ""), (cells["handled"], cells["discarded"]));
    }

    [Fact]
    public async Task A_task_of_an_unknown_selector_counts_as_offered_and_discarded_on_the_mrd_of_the_feed_it_came_in_on()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-reports-").FullName;
        try
        {
            var time = new FakeTimeProvider(SeedStart);
            await using (var server = await TestServer.StartAsync(directory, time: time))
                await DiscardedOnTheChatMrd(server);
            // Counted again from the journal, which keeps the submission's feed on its own event only: the same.
            foreach (var file in Directory.GetFiles(directory, "reports.db*")) File.Delete(file);
            await using var rebuilt = await TestServer.StartAsync(directory, time: time);
            Assert.Equal(1, Count(RowOf(await Get(rebuilt, "/api/v1/reports/summary?by=mrd&" + HalfHour), LabConfiguration.ChatMrd.ToString(CultureInfo.InvariantCulture)), "discarded"));
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    private static async Task DiscardedOnTheChatMrd(TestServer server)
    {
        // The chat feed, whose tasks route by default in the chat MRD.
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsJsonAsync("/api/v1/tasks",
            new { feedId = LabConfiguration.ChatFeed, name = "n", title = "t", scriptSelector = "Nowhere" })).StatusCode);
        var tasks = new JsonElement();
        for (var attempt = 0; attempt < 200 && (attempt == 0 || tasks.GetProperty("total").GetInt64() == 0); attempt++)
        {
            if (attempt > 0) await Task.Delay(50);
            tasks = await Get(server, "/api/v1/reports/tasks?from=2024-01-30&to=2024-01-31");
        }
        Assert.Equal(("discarded", LabConfiguration.ChatMrd), (tasks.GetProperty("tasks")[0].GetProperty("outcome").GetString(), tasks.GetProperty("tasks")[0].GetProperty("mrdId").GetInt32()));

        var byMrd = await Get(server, "/api/v1/reports/summary?by=mrd&" + HalfHour);
        var chat = RowOf(byMrd, LabConfiguration.ChatMrd.ToString(CultureInfo.InvariantCulture));
        Assert.Equal((1L, 1L, 0L), (Count(chat, "offered"), Count(chat, "discarded"), Count(chat, "serviceLevelOffered")));
        Assert.Equal((1L, 1L), (Count(byMrd.GetProperty("total"), "offered"), Count(byMrd.GetProperty("total"), "discarded")));
        Assert.Equal(1, (await Get(server, $"/api/v1/reports/tasks?by=mrd&id={LabConfiguration.ChatMrd}&from=2024-01-30&to=2024-01-31")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_task_with_a_selector_the_configuration_lacks_is_readable_by_that_selector_and_its_ecc_variables_read_back_from_csv()
    {
        var time = new FakeTimeProvider(SeedStart);
        await using var server = await TestServer.StartAsync(time: time);
        var submitted = await server.Client.PostAsJsonAsync("/api/v1/tasks",
            new { name = "n", title = "t", scriptSelector = "[x]", eccVariables = new Dictionary<string, string> { ["k1"] = "v;k2=v2", ["k2"] = "x=y" } });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        // Discarded for its unknown selector, and counted under the name it gave.
        var tasks = new JsonElement();
        for (var attempt = 0; attempt < 200 && (attempt == 0 || tasks.GetProperty("total").GetInt64() == 0); attempt++)
        {
            if (attempt > 0) await Task.Delay(50);
            tasks = await Get(server, "/api/v1/reports/tasks?from=2024-01-30&to=2024-01-31");
        }
        Assert.Equal("[x]", tasks.GetProperty("tasks")[0].GetProperty("scriptSelector").GetString());
        Assert.Equal(1, (await Get(server, "/api/v1/reports/tasks?by=scriptSelector&id=[x]&from=2024-01-30&to=2024-01-31")).GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/intervals?by=scriptSelector&id=[x]&" + HalfHour)).StatusCode);

        var csv = await (await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/tasks?format=csv&from=2024-01-30&to=2024-01-31")).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        // The last cell, quoted for its commas and quotes, holds the variables as a JSON object.
        Assert.Equal("eccVariables", header[^1]);
        var cell = lines[1][(lines[1].IndexOf(",\"{", StringComparison.Ordinal) + 1)..];
        var ecc = JsonDocument.Parse(cell.Trim('"').Replace("\"\"", "\"", StringComparison.Ordinal)).RootElement;
        Assert.Equal(("v;k2=v2", "x=y"), (ecc.GetProperty("k1").GetString(), ecc.GetProperty("k2").GetString()));
    }

    [Fact]
    public async Task Reports_survive_a_restart_and_are_rebuilt_from_the_journal_when_their_file_is_lost()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-reports-").FullName;
        try
        {
            var time = new FakeTimeProvider(SeedStart);
            await using (var first = await TestServer.StartAsync(directory, time: time))
                await TraceApiTests.RunSeedTask(first, time);

            await using (var second = await TestServer.StartAsync(directory, time: time))
            {
                var mrd = RowOf(await Get(second, "/api/v1/reports/summary?by=mrd&" + HalfHour), "5011");
                Assert.Equal((1L, 1L, 64_512L), (Count(mrd, "offered"), Count(mrd, "handled"), Count(mrd, "answerWaitMs")));
                // A task after the restart adds to them.
                var created = await second.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "after", title = "restart", scriptSelector = "CumulusTask" });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                Assert.Equal(2, Count(RowOf(await Get(second, "/api/v1/reports/summary?by=mrd&" + HalfHour), "5011"), "offered"));
            }

            foreach (var file in Directory.GetFiles(directory, "reports.db*")) File.Delete(file);
            await using var third = await TestServer.StartAsync(directory, time: time);
            var rebuilt = RowOf(await Get(third, "/api/v1/reports/summary?by=mrd&" + HalfHour), "5011");
            Assert.Equal((2L, 1L, 64_512L), (Count(rebuilt, "offered"), Count(rebuilt, "handled"), Count(rebuilt, "answerWaitMs")));
            Assert.Equal(1, (await Get(third, "/api/v1/reports/tasks?from=2024-01-30&to=2024-01-31")).GetProperty("total").GetInt64());
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Theory]
    [InlineData("/api/v1/reports/summary?by=team", "by: 'team'")]
    [InlineData("/api/v1/reports/intervals?from=yesterday", "from: 'yesterday'")]
    [InlineData("/api/v1/reports/intervals?from=2024-01-31&to=2024-01-30", "must be after from")]
    [InlineData("/api/v1/reports/tasks?from=2024-01-30T10:10:00Z&to=2024-01-30T10:10:00Z", "to (2024-01-30T10:10:00.0000000+00:00) must be after from (2024-01-30T10:10:00.0000000+00:00)")]
    [InlineData("/api/v1/reports/intervals?from=2020-01-01&to=2024-01-01", "at most 366 days")]
    [InlineData("/api/v1/reports/summary?format=xml", "format: 'xml'")]
    [InlineData("/api/v1/reports/tasks?outcome=lost", "outcome: 'lost' is not one of handled, abandonedInQueue, abandonedWhileOffered, discarded")]
    [InlineData("/api/v1/reports/tasks?pageSize=0", "pageSize")]
    [InlineData("/api/v1/reports/tasks?page=0", "page: must be")]
    [InlineData("/api/v1/reports/tasks?by=agent", "give the id")]
    [InlineData("/api/v1/reports/intervals?by=skillGroup&id=abc", "a number (got 'abc')")]
    [InlineData("/api/v1/reports/summary?by=mrd&id=", "id: empty")]
    [InlineData("/api/v1/reports/summary?form=2024-01-30T00:00:00Z", "form: not a parameter of this report; it takes by, id, from, to, format")]
    [InlineData("/api/v1/reports/tasks?day=2024-01-30", "day: not a parameter of this report; it takes by, id, outcome, from, to, page, pageSize, format")]
    public async Task Bad_report_questions_are_400_saying_what_is_wrong(string path, string says)
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.SendAs("sup1", HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/reports/intervals?by=mrd&id=9999", "no mrd '9999'")]
    [InlineData("/api/v1/reports/summary?by=skillGroup&id=4242", "no skillGroup '4242'")]
    [InlineData("/api/v1/reports/summary?by=precisionQueue&id=4242", "no precisionQueue '4242'")]
    [InlineData("/api/v1/reports/tasks?by=scriptSelector&id=NoSuchDN", "no scriptSelector 'NoSuchDN'")]
    [InlineData("/api/v1/reports/summary?by=agent&id=4242", "no agent with login id 4242")]
    public async Task An_id_the_configuration_does_not_have_is_404_in_every_dimension_not_an_empty_report(string path, string says)
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.SendAs("sup1", HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(says, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The lab's own ids still answer.
        var known = await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/summary?by=mrd&id=5011");
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    [Fact]
    public async Task Reports_are_for_supervisors_and_administrators_only()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.SendAs(null, HttpMethod.Get, "/api/v1/reports/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.SendAs("1080", HttpMethod.Get, "/api/v1/reports/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("admin", HttpMethod.Get, "/api/v1/reports/summary")).StatusCode);
    }
}
