using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Taskroute.Core.Commands;
using Taskroute.Core.Lab;

namespace Taskroute.Server.Tests;

/// <summary>The JSON task API over real HTTP on loopback.</summary>
public class TaskApiTests
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private const string Task = """
        {"feedId":100000, "name":"Ann", "title":"Refund", "description":"broken parcel", "scriptSelector":"CumulusTask",
         "requeueOnRecovery":true, "tags":["vip"], "callVariables":{"1":"gold", "10":"x"},
         "eccVariables":{"user.order.id":"1234"}, "mediaType":"email", "priority":5}
        """;

    [Fact]
    public async Task A_json_task_answers_201_with_its_location_and_reads_back_with_an_etag()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.PostAsync("/api/v1/tasks", Json(Task));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/tasks/{id:D}", response.Headers.Location!.ToString());
        Assert.Equal("queued", created.GetProperty("status").GetString());
        // What was submitted comes back as stored, for the submitter to check.
        Assert.Equal("broken parcel", created.GetProperty("description").GetString());
        Assert.Equal(("email", 5, true), (created.GetProperty("mediaType").GetString(), created.GetProperty("priority").GetInt32(), created.GetProperty("requeueOnRecovery").GetBoolean()));
        Assert.Equal("vip", created.GetProperty("tags")[0].GetString());
        Assert.Equal(("gold", "x"), (created.GetProperty("callVariables").GetProperty("1").GetString(), created.GetProperty("callVariables").GetProperty("10").GetString()));
        Assert.Equal("1234", created.GetProperty("eccVariables").GetProperty("user.order.id").GetString());

        var read = await server.Client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = read.Headers.ETag!.Tag;
        using var again = new HttpRequestMessage(HttpMethod.Get, response.Headers.Location);
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.Equal(HttpStatusCode.NotModified, (await server.Client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task A_submitted_task_comes_back_whole_with_its_length_and_its_text_as_sent()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.PostAsync("/api/v1/tasks", Json("""{"name":"Zoë \"Z\" <vip>","title":"Refund"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        // Escaped only where JSON requires it, as ASP.NET Core's own answers are.
        Assert.Contains("\"name\":\"Zoë \\\"Z\\\" <vip>\"", body);
        // Nothing else was given: nothing else is written.
        Assert.DoesNotContain("description", body);
        Assert.DoesNotContain("callVariables", body);
        using var read = JsonDocument.Parse(body);
        Assert.Equal($"/api/v1/tasks/{read.RootElement.GetProperty("id").GetGuid():D}", response.Headers.Location!.ToString());
        Assert.Equal((await server.Client.GetAsync(response.Headers.Location)).Headers.ETag!.Tag, read.RootElement.GetProperty("eTag").GetString());
    }

    [Fact]
    public async Task The_feed_is_optional_and_the_default_feed_routes_the_task()
    {
        await using var server = await TestServer.StartAsync();
        await server.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
        await server.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));
        var response = await server.Client.PostAsync("/api/v1/tasks", Json("""{"name":"Ann","title":"Callback"}"""));
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("reserved", 1080), (created.GetProperty("status").GetString(), created.GetProperty("agentId").GetInt32()));
        Assert.Matches("^[0-9]+_[0-9]+_1$", created.GetProperty("taskId").GetString());
    }

    [Theory]
    [InlineData("""{"title":"t"}""", "name")]
    [InlineData("""{"name":"n","title":"t","callVariables":{"11":"x"}}""", "callVariables.11")]
    [InlineData("""{"name":"n","title":"t","callVariables":{"1":"more than forty characters, which a call variable cannot hold"}}""", "callVariables.1")]
    [InlineData("""{"name":"n","title":"t","eccVariables":{"":"x"}}""", "eccVariables")]
    [InlineData("""{"feedId":"abc","name":"n","title":"t"}""", "body")]
    [InlineData("""{"name":"n","title":"t"} {"name":"again"}""", "body")]
    [InlineData("""{"name":"n","title":"t","priority":11}""", "priority")]
    [InlineData("""{"name":"n","title":"t","tags":"vip"}""", "body")]
    [InlineData("""{"name":"n",""", "body")]
    [InlineData("""[1,2,3]""", "body")]
    public async Task Bad_json_is_400_problem_details_naming_the_field(string body, string field)
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.PostAsync("/api/v1/tasks", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        // Said in JSON's terms: a client has never heard of the server's .NET types.
        Assert.DoesNotContain("System.", problem.ToString());
        Assert.DoesNotContain("Taskroute.", problem.ToString());
    }

    [Fact]
    public async Task A_misspelled_field_or_text_not_in_utf8_is_named_in_a_400_and_makes_no_task()
    {
        await using var server = await TestServer.StartAsync();
        // "callVariable" for "callVariables": passed over, the task would route without its variables.
        var misspelled = await server.Client.PostAsync("/api/v1/tasks", Json("""{"name":"n","title":"t","callVariable":{"1":"gold"}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, misspelled.StatusCode);
        var said = (await misspelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Equal("$.callVariable is not a field of this request (see /openapi/v1.json for the fields)", said);

        // Latin-1 bytes sent as JSON, which is UTF-8.
        var latin1 = new ByteArrayContent([.. Encoding.ASCII.GetBytes("{\"name\":\"Jos"), 0xE9, .. Encoding.ASCII.GetBytes("\",\"title\":\"t\"}")]);
        latin1.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var notUtf8 = await server.Client.PostAsync("/api/v1/tasks", latin1);
        Assert.Equal(HttpStatusCode.BadRequest, notUtf8.StatusCode);
        Assert.Contains("is not valid UTF-8 text", (await notUtf8.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("body")[0].GetString());

        // UTF-16, as Windows' "Unicode" and PowerShell 5 write it: told so, not that 0xFF cannot start a value.
        var utf16 = new ByteArrayContent([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("{\"name\":\"n\",\"title\":\"t\"}")]);
        utf16.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var wide = await server.Client.PostAsync("/api/v1/tasks", utf16);
        Assert.Equal(HttpStatusCode.BadRequest, wide.StatusCode);
        Assert.Equal("the body is UTF-16 text (it starts with a UTF-16 byte order mark): send JSON in UTF-8",
            (await wide.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Empty((await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_body_over_256_KB_is_413_and_makes_no_task()
    {
        await using var server = await TestServer.StartAsync();
        var huge = $$"""{"name":"n","title":"t","description":"{{new string('x', 300 * 1024)}}"}""";
        var response = await server.Client.PostAsync("/api/v1/tasks", Json(huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("262144 bytes", await response.Content.ReadAsStringAsync());
        // The same without a Content-Length, as a stream the server must cut short itself.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await server.Client.SendAsync(request)).StatusCode);
        var all = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks");
        Assert.Equal(0, all.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Conditional_requests_compare_etags_as_http_says_and_a_stale_if_match_cancels_nothing()
    {
        await using var server = await TestServer.StartAsync();
        var created = await server.Client.PostAsync("/api/v1/tasks", Json(Task));
        var etag = created.Headers.ETag!.Tag;
        Assert.Equal(etag, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eTag").GetString());
        var location = created.Headers.Location!;

        foreach (var ifNoneMatch in new[] { etag, $"W/{etag}", "*", $"\"other\", {etag}" })
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, location);
            get.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            Assert.Equal(HttpStatusCode.NotModified, (await server.Client.SendAsync(get)).StatusCode);
        }
        using (var other = new HttpRequestMessage(HttpMethod.Get, location))
        {
            other.Headers.TryAddWithoutValidation("If-None-Match", "\"other\"");
            Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(other)).StatusCode);
        }

        using (var stale = new HttpRequestMessage(HttpMethod.Delete, location))
        {
            stale.Headers.TryAddWithoutValidation("If-Match", "\"stale\"");
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await server.Client.SendAsync(stale)).StatusCode);
        }
        Assert.Equal("queued", (await server.Client.GetFromJsonAsync<JsonElement>(location)).GetProperty("status").GetString());

        using var current = new HttpRequestMessage(HttpMethod.Delete, location);
        current.Headers.TryAddWithoutValidation("If-Match", etag);
        var cancelled = await server.Client.SendAsync(current);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.NotEqual(etag, cancelled.Headers.ETag!.Tag);
        Assert.Equal("discarded", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_page_that_is_not_a_number_is_400_naming_it()
    {
        await using var server = await TestServer.StartAsync();
        foreach (var (query, field) in new[] { ("page=abc", "page"), ("page=0", "page"), ("pageSize=0", "pageSize"), ("pageSize=501", "pageSize") })
        {
            var response = await server.Client.GetAsync($"/api/v1/tasks?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    [Fact]
    public async Task Delete_cancels_a_queued_task_and_409s_once_it_is_cancelled()
    {
        await using var server = await TestServer.StartAsync();
        var location = (await server.Client.PostAsync("/api/v1/tasks", Json(Task))).Headers.Location!;
        var cancelled = await server.Client.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusReason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await server.Client.DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.DeleteAsync($"/api/v1/tasks/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_task_keeps_its_task_id_and_last_agent_once_it_ends_so_its_trace_and_report_rows_can_be_found()
    {
        await using var server = await TestServer.StartAsync();
        // Queued: the router has numbered it; no agent holds it.
        var waiting = await (await server.Client.PostAsync("/api/v1/tasks", Json(Task))).Content.ReadFromJsonAsync<JsonElement>();
        var waitingId = waiting.GetProperty("taskId").GetString();
        Assert.Matches("^[0-9]+_[0-9]+_1$", waitingId);
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("agentId").ValueKind);
        // Cancelled: still that task.
        var cancelled = await (await server.Client.DeleteAsync($"/api/v1/tasks/{waiting.GetProperty("id").GetGuid()}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("discarded", waitingId), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("taskId").GetString()));
        Assert.Equal(waitingId, (await server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{waiting.GetProperty("id").GetGuid()}")).GetProperty("taskId").GetString());

        // Offered to 1080, accepted, and closed before it started: abandoned while offered, by 1080.
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" });
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" });
        var offered = await (await server.Client.PostAsync("/api/v1/tasks", Json(Task))).Content.ReadFromJsonAsync<JsonElement>();
        var dialog = offered.GetProperty("taskId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action = "ACCEPT" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action = "CLOSE" })).StatusCode);
        var abandoned = await server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{offered.GetProperty("id").GetGuid()}");
        Assert.Equal(("discarded", dialog, 1080), (abandoned.GetProperty("status").GetString(), abandoned.GetProperty("taskId").GetString(), abandoned.GetProperty("agentId").GetInt32()));
    }

    [Fact]
    public async Task Tasks_list_by_status_in_pages()
    {
        await using var server = await TestServer.StartAsync();
        for (var i = 0; i < 5; i++) await server.Client.PostAsync("/api/v1/tasks", Json(Task));
        var location = (await server.Client.PostAsync("/api/v1/tasks", Json(Task))).Headers.Location!;
        await server.Client.DeleteAsync(location);

        var page = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks?status=queued&pageSize=2&page=2");
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("hasMore").GetBoolean());
        var discarded = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks?status=discarded");
        Assert.Equal(1, discarded.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.GetAsync("/api/v1/tasks?status=lost")).StatusCode);
        // A page past any list there can be is empty: its offset does not wrap round to the first page.
        Assert.Equal(0, (await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks?page=2147483647&pageSize=500")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_task_list_filter_it_does_not_have_is_named_rather_than_passed_over()
    {
        await using var server = await TestServer.StartAsync();
        await server.Client.PostAsync("/api/v1/tasks", Json(Task));

        var answer = await server.Client.GetAsync("/api/v1/tasks?agentId=1080");
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("status, page, pageSize", problem.GetProperty("errors").GetProperty("agentId")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.GetAsync("/api/v1/tasks?staus=queued")).StatusCode);
        // The list's own parameters are taken whatever their case, as they bind.
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/v1/tasks?Status=queued&PAGESIZE=5")).StatusCode);
    }

    [Fact]
    public async Task The_same_idempotency_key_never_makes_a_second_task()
    {
        await using var server = await TestServer.StartAsync();
        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = Json(Task) };
            request.Headers.Add("Idempotency-Key", "abc");
            return await server.Client.SendAsync(request);
        }
        var first = await Post();
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var again = await Post();
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        var all = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks");
        Assert.Equal(1, all.GetProperty("items").GetArrayLength());

        using var tooLong = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = Json(Task) };
        tooLong.Headers.Add("Idempotency-Key", new string('k', 256));
        var refused = await server.Client.SendAsync(tooLong);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_a_different_task_is_422_and_names_no_task()
    {
        await using var server = await TestServer.StartAsync();
        async Task<HttpResponseMessage> Post(string body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = Json(body) };
            request.Headers.Add("Idempotency-Key", "k-1");
            return await server.Client.SendAsync(request);
        }
        var first = await Post("""{"name":"a","title":"t","callVariables":{"1":"x"}}""");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        // The same request, its fields in another order and a null left out, is a retry.
        var retry = await Post("""{"callVariables":{"1":"x"},"title":"t","name":"a","description":null}""");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        var other = await Post("""{"name":"a","title":"t","callVariables":{"1":"y"}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var problem = await other.Content.ReadFromJsonAsync<JsonElement>();
        // A key can be guessed: the answer does not hand out the task another client made under it.
        Assert.DoesNotContain(first.Headers.Location!.OriginalString.Split('/')[^1], problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        var all = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks");
        Assert.Equal(1, all.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_retry_after_its_task_was_let_go_of_is_201_with_the_id_and_says_the_task_is_no_longer_kept()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(time: time, configure: o => o.ContactRetentionSeconds = 5);
        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = Json(Task) };
            request.Headers.Add("Idempotency-Key", "old-1");
            return await server.Client.SendAsync(request);
        }
        using var first = await Post();
        Assert.Equal(HttpStatusCode.OK, (await server.Client.DeleteAsync(first.Headers.Location)).StatusCode);
        time.Advance(TimeSpan.FromSeconds(7));
        // Any command runs the deadlines past: the cancelled task is let go of.
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/api/v1/tasks", Json(Task))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync(first.Headers.Location)).StatusCode);

        using var retry = await Post();
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var body = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.Headers.Location!.OriginalString.Split('/')[^1], body.GetProperty("id").GetString());
        Assert.Contains("no longer kept", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_answers_what_get_would_without_the_body()
    {
        await using var server = await TestServer.StartAsync();
        var created = await server.Client.PostAsync("/api/v1/tasks", Json(Task));
        var location = created.Headers.Location!.OriginalString;
        var get = await server.Client.GetAsync(location);
        using var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, location));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        using var health = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var missing = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/tasks/{Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Empty(await missing.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Liveness_and_readiness_answer()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task A_server_whose_data_directory_was_removed_is_not_ready_and_says_why()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-gone-").FullName;
        await using var server = await TestServer.StartAsync(directory);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/readyz")).StatusCode);
        Directory.Delete(directory, recursive: true);
        var ready = await server.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        Assert.StartsWith("Unhealthy: the journal file ", body, StringComparison.Ordinal);
        Assert.Contains("is gone (was the data directory or a journal file removed?)", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_whose_write_ahead_log_was_removed_is_not_ready_and_says_why()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-wal-gone-").FullName;
        try
        {
            await using var server = await TestServer.StartAsync(directory);
            Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/api/v1/tasks", Json(Task))).StatusCode);
            File.Delete(Path.Combine(directory, "journal.db-wal"));
            // (The next write would stop the server, as any failed write does: SqliteJournalTests shows it is refused.)
            var ready = await server.Client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.StartsWith("Unhealthy: the journal's write-ahead log is gone", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }
}

public class ObservabilityTests
{
    [Fact]
    public async Task Metrics_say_zero_before_the_first_task_so_a_rate_or_an_alert_on_them_can_be_read()
    {
        await using var server = await TestServer.StartAsync();
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Matches("(?m)^taskroute_tasks_submitted_total\\{[^}]*\\} 0(\\s|$)", metrics);
        // And per MRD of the lab, before any task has queued or been routed there.
        Assert.Matches("(?m)^taskroute_tasks_queued_total\\{[^}]*mrd=\"5011\"[^}]*\\} 0(\\s|$)", metrics);
        Assert.Matches("(?m)^taskroute_tasks_routed_total\\{[^}]*mrd=\"5011\"[^}]*\\} 0(\\s|$)", metrics);
        // And the troubles an operator alerts on: none yet.
        foreach (var store in new[] { "trace_index", "reports", "component_logs" })
            Assert.Matches($"(?m)^taskroute_store_stopped\\{{[^}}]*store=\"{store}\"[^}}]*\\}} 0(\\s|$)", metrics);
        Assert.Matches("(?m)^taskroute_data_damaged(\\{[^}]*\\})? 0(\\s|$)", metrics);
    }

    [Fact]
    public async Task Metrics_count_submitted_tasks_and_queue_depth_in_prometheus_format()
    {
        await using var server = await TestServer.StartAsync();
        for (var i = 0; i < 3; i++)
            await server.Client.PostAsync("/api/v1/tasks", new StringContent("""{"name":"n","title":"t"}""", System.Text.Encoding.UTF8, "application/json"));
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Matches("taskroute_tasks_submitted_total\\{[^}]*\\} 3", metrics);
        Assert.Matches("taskroute_queue_depth\\{[^}]*mrd=\"5011\"[^}]*\\} 3", metrics);
        // And per skill group: the lab's CumulusTask queues to 5199, where nobody signed in takes them.
        Assert.Matches("(?m)^taskroute_target_queue_depth\\{[^}]*target_id=\"5199\"[^}]*target_type=\"skill_group\"[^}]*\\} 3(\\s|$)", metrics);
        Assert.Matches("(?m)^taskroute_target_agents_available\\{[^}]*target_id=\"5199\"[^}]*\\} 0(\\s|$)", metrics);
        Assert.Matches("(?m)^taskroute_target_oldest_wait_seconds\\{[^}]*target_id=\"5199\"[^}]*\\} ", metrics);
        Assert.Matches("(?m)^taskroute_target_queue_depth\\{[^}]*target_type=\"precision_queue\"[^}]*\\} 0(\\s|$)", metrics);
        Assert.Contains("taskroute_journal_commit_duration_milliseconds_count", metrics);
        // Buckets under a millisecond, where commits fall, so their percentiles can be read.
        Assert.Matches("taskroute_journal_commit_duration_milliseconds_bucket\\{[^}]*le=\"0.5\"[^}]*\\}", metrics);
    }

    [Fact]
    public async Task Metrics_carry_the_runtimes_garbage_collections_and_pause_time()
    {
        await using var server = await TestServer.StartAsync();
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Matches("dotnet_gc_collections_total\\{[^}]*gc_heap_generation=\"gen0\"[^}]*\\} \\d+", metrics);
        Assert.Contains("dotnet_gc_pause_time_seconds_total", metrics);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_task_api()
    {
        await using var server = await TestServer.StartAsync();
        var document = await server.Client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/api/v1/tasks\"", document);
        Assert.Contains("SubmitTask", document);
        // The submit's body and its answers, as a client generator needs them.
        var submit = JsonDocument.Parse(document).RootElement.GetProperty("paths").GetProperty("/api/v1/tasks").GetProperty("post");
        Assert.True(submit.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        foreach (var status in new[] { "201", "400", "404", "413", "429" }) Assert.True(submit.GetProperty("responses").TryGetProperty(status, out _), status);
        // How to sign in: Basic for the agent API, a feed's key for submits.
        var root = JsonDocument.Parse(document).RootElement;
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("basic", schemes.GetProperty("basic").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("feedKey").GetProperty("name").GetString());
        var paths = root.GetProperty("paths");
        string[] Schemes(JsonElement operation) => [.. operation.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Select(p => p.Name).SingleOrDefault() ?? "none")];
        Assert.Equal(["basic"], Schemes(paths.GetProperty("/api/v1/agents/{loginId}").GetProperty("get")));
        Assert.Equal(["basic"], Schemes(paths.GetProperty("/api/v1/agents/{loginId}/channel").GetProperty("get")));
        // Optional where only some deployments ask: a feed configured with a key, a task list where accounts are configured.
        Assert.Equal(["none", "feedKey"], Schemes(submit));
        Assert.Equal(["none", "feedKey"], Schemes(paths.GetProperty("/ccp/task/feed/{feedId}").GetProperty("post")));
        Assert.Equal(["none", "feedKey"], Schemes(paths.GetProperty("/ccp/rest/task/feed/{feedId}").GetProperty("get")));
        Assert.Equal(["none", "basic"], Schemes(paths.GetProperty("/api/v1/tasks").GetProperty("get")));
        // The list's page, and CCP's submits as they answer: 201, or apiErrors in XML.
        Assert.True(paths.GetProperty("/api/v1/tasks").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        foreach (var path in new[] { "/ccp/task/feed/{feedId}", "/ccp/rest/task/feed/{feedId}" })
        {
            var post = paths.GetProperty(path).GetProperty("post");
            foreach (var operation in new[] { post, paths.GetProperty(path).GetProperty("get") })
            {
                var responses = operation.GetProperty("responses");
                Assert.False(responses.TryGetProperty("200", out _), path);
                foreach (var status in new[] { "201", "400", "404", "429" }) Assert.True(responses.TryGetProperty(status, out _), $"{path} {status}");
            }
        }
    }
}

public class FeedKeyTests
{
    private static Taskroute.Core.Configuration.RoutingConfiguration KeyedLab()
    {
        var lab = Taskroute.Core.Lab.LabConfiguration.Create();
        return new Taskroute.Core.Configuration.RoutingConfiguration
        {
            RouterCallKeyStart = lab.RouterCallKeyStart, Mrds = lab.Mrds, SkillGroups = lab.SkillGroups, Attributes = lab.Attributes,
            PrecisionQueues = lab.PrecisionQueues, Agents = lab.Agents, ScriptSelectors = lab.ScriptSelectors,
            TaskFeeds = [new Taskroute.Core.Configuration.TaskFeed { Id = 100000, Name = "keyed", DefaultScriptSelector = "CumulusTask", ApiKey = "s3cret" }],
        };
    }

    [Fact]
    public async Task A_feed_with_an_api_key_refuses_submissions_without_it_in_both_apis()
    {
        await using var server = await TestServer.StartAsync(configuration: KeyedLab());
        var xml = new StringContent("<Task><name>n</name><title>t</title></Task>", System.Text.Encoding.UTF8, "application/xml");
        var json = new StringContent("""{"name":"n","title":"t"}""", System.Text.Encoding.UTF8, "application/json");
        foreach (var refused in new[] { await server.Client.PostAsync("/ccp/task/feed/100000", xml), await server.Client.PostAsync("/api/v1/tasks", json) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            // A 401 names how to authenticate: here, the header the key goes in.
            Assert.Equal("ApiKey header=\"X-Api-Key\"", refused.Headers.WwwAuthenticate.ToString());
        }

        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = new StringContent("""{"name":"n","title":"t"}""", System.Text.Encoding.UTF8, "application/json") };
        keyed.Headers.Add("X-Api-Key", "s3cret");
        Assert.Equal(HttpStatusCode.Created, (await server.Client.SendAsync(keyed)).StatusCode);
    }

    [Fact]
    public async Task An_idempotency_key_used_on_a_keyed_feed_neither_collides_with_nor_reveals_anything_to_a_client_of_another_feed()
    {
        var lab = Taskroute.Core.Lab.LabConfiguration.Create();
        var configuration = new Taskroute.Core.Configuration.RoutingConfiguration
        {
            RouterCallKeyStart = lab.RouterCallKeyStart, Mrds = lab.Mrds, SkillGroups = lab.SkillGroups, Attributes = lab.Attributes,
            PrecisionQueues = lab.PrecisionQueues, Agents = lab.Agents, ScriptSelectors = lab.ScriptSelectors,
            TaskFeeds =
            [
                new Taskroute.Core.Configuration.TaskFeed { Id = 100000, Name = "open", DefaultScriptSelector = "CumulusTask" },
                new Taskroute.Core.Configuration.TaskFeed { Id = 100003, Name = "partner", DefaultScriptSelector = "CumulusTask", ApiKey = "s3cret" },
            ],
        };
        await using var server = await TestServer.StartAsync(configuration: configuration);
        async Task<HttpResponseMessage> Ccp(int feed, string name, string? apiKey)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/ccp/task/feed/{feed}")
            {
                Content = new StringContent($"<Task><name>{name}</name><title>t</title></Task>", System.Text.Encoding.UTF8, "application/xml"),
            };
            request.Headers.Add("Idempotency-Key", "order-1234");
            if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
            return await server.Client.SendAsync(request);
        }
        using var partner = await Ccp(100003, "Jane", "s3cret");
        Assert.Equal(HttpStatusCode.Created, partner.StatusCode);

        // Someone without the partner's key sends the same key to the open feed: a task of their own, as with any new key.
        using var stranger = await Ccp(100000, "Mallory", null);
        Assert.Equal(HttpStatusCode.Created, stranger.StatusCode);
        Assert.NotEqual(partner.Headers.Location, stranger.Headers.Location);
        Assert.False(stranger.Headers.Contains("Idempotent-Replayed"));
        Assert.DoesNotContain(partner.Headers.Location!.OriginalString.Split('/')[^1], await stranger.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The partner's retry still finds its own task.
        using var retry = await Ccp(100003, "Jane", "s3cret");
        Assert.Equal(partner.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
    }
}
