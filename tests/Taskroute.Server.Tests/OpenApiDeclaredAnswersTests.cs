using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary>
/// Every operation's real answers, held against what the OpenAPI document declares for them: a
/// client generated from the document must be able to read each status, content type and body the
/// server gives, errors included.
/// </summary>
public class OpenApiDeclaredAnswersTests
{
    private const string Agent = "/api/v1/agents/{loginId}";
    private const string Media = "/api/v1/agents/{loginId}/media/{mrdId}";
    private const string Dialogs = "/api/v1/agents/{loginId}/dialogs";
    private const string Dialog = "/api/v1/dialogs/{dialogId}";
    private const string Configuration = "/api/v1/configuration";

    private static async Task<HttpResponseMessage> Send(TestServer server, string? user, HttpMethod method, string path, object? body = null,
        Action<HttpRequestMessage>? also = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (user is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:lab")));
        if (body is not null) request.Content = JsonContent.Create(body);
        also?.Invoke(request);
        return await server.Client.SendAsync(request, completion, TestContext.Current.CancellationToken);
    }

    private static async Task<Guid> SubmitTask(TestServer server)
    {
        var created = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "Ann", title = "Refund", scriptSelector = "CumulusTask" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
    }

    // What the derived stores (trace index, reports) answer once they hold the request's moment: a
    // 503 while one catches up would pass as declared without the answer the test is about.
    private static async Task<HttpResponseMessage> Answered(Func<Task<HttpResponseMessage>> send, HttpStatusCode wanted)
    {
        var response = await send();
        for (var attempt = 0; response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 50 && await Pause(); attempt++) response = await send();
        Assert.Equal(wanted, response.StatusCode);
        return response;
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(100, TestContext.Current.CancellationToken);
        return true;
    }

    private static async Task<string> OfferedDialog(TestServer server, OpenApiAnswers document)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var body = await document.AssertDeclaredAsync("GET", Dialogs, await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs"));
            if (JsonDocument.Parse(body).RootElement.EnumerateArray().FirstOrDefault(d => d.GetProperty("state").GetString() == "OFFERED") is { ValueKind: JsonValueKind.Object } offered)
                return offered.GetProperty("id").GetString()!;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new InvalidOperationException("no dialog was offered to 1080");
    }

    [Fact]
    public async Task Get_trace_declares_a_task_trace_as_well_as_an_agents_list()
    {
        await using var server = await TestServer.StartAsync();
        var document = await OpenApiAnswers.ReadAsync(server);
        var contact = await SubmitTask(server);
        const string Trace = "/api/v1/traces/{id}";
        // Each branch of the oneOf is held against a real answer of it, not a 503 of an index catching up.
        await document.AssertDeclaredAsync("GET", Trace, await Answered(() => Send(server, "sup1", HttpMethod.Get, $"/api/v1/traces/{contact}"), HttpStatusCode.OK));
        await document.AssertDeclaredAsync("GET", Trace, await Answered(() => Send(server, "sup1", HttpMethod.Get, "/api/v1/traces/agent:1080"), HttpStatusCode.OK));
        await document.AssertDeclaredAsync("GET", Trace, await Send(server, "sup1", HttpMethod.Get, $"/api/v1/traces/{Guid.NewGuid()}"));
        await document.AssertDeclaredAsync("GET", Trace, await Send(server, "1080", HttpMethod.Get, $"/api/v1/traces/{contact}"));
        await document.AssertDeclaredAsync("GET", Trace, await Send(server, null, HttpMethod.Get, $"/api/v1/traces/{contact}"));
        var unknownAgent = await Send(server, "sup1", HttpMethod.Get, "/api/v1/traces?agent=4242");
        Assert.Equal(HttpStatusCode.NotFound, unknownAgent.StatusCode);
        await document.AssertDeclaredAsync("GET", "/api/v1/traces", unknownAgent);
        await document.AssertDeclaredAsync("GET", "/api/v1/traces", await Send(server, "sup1", HttpMethod.Get, "/api/v1/traces?agent=1080&limit=abc"));
        var limit = document.Operation("GET", "/api/v1/traces").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "limit");
        Assert.Equal("integer", limit.GetProperty("schema").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_agent_api_declares_its_bodies_and_its_refusals_with_cces_reason_and_code()
    {
        await using var server = await TestServer.StartAsync();
        var document = await OpenApiAnswers.ReadAsync(server);
        await document.AssertDeclaredAsync("GET", Agent, await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080"));
        await document.AssertDeclaredAsync("GET", Agent, await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1081"));
        await document.AssertDeclaredAsync("GET", Agent, await Send(server, null, HttpMethod.Get, "/api/v1/agents/1080"));
        var unknown = await document.AssertDeclaredAsync("GET", Agent, await Send(server, "admin", HttpMethod.Get, "/api/v1/agents/9999"));
        Assert.Equal("E_ARM_STAT_AGENT_NOT_FOUND", JsonDocument.Parse(unknown).RootElement.GetProperty("reason").GetString());

        await document.AssertDeclaredAsync("PUT", Media, await Send(server, "sup1", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" }));
        await document.AssertDeclaredAsync("PUT", Media, await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" }));
        await document.AssertDeclaredAsync("PUT", Media, await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" }));
        await document.AssertDeclaredAsync("PUT", Media, await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "DANCING" }));
        await document.AssertDeclaredAsync("PUT", Media, await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/4242", new { state = "LOGIN" }));
        await document.AssertDeclaredAsync("PUT", Media, await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" }));

        await SubmitTask(server);
        var dialog = await OfferedDialog(server, document);
        await document.AssertDeclaredAsync("GET", Dialogs, await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1081/dialogs"));
        await document.AssertDeclaredAsync("GET", Dialog, await Answered(() => Send(server, "1080", HttpMethod.Get, $"/api/v1/dialogs/{dialog}"), HttpStatusCode.OK));
        await document.AssertDeclaredAsync("GET", Dialog, await Answered(() => Send(server, "1081", HttpMethod.Get, $"/api/v1/dialogs/{dialog}"), HttpStatusCode.NotFound));
        await document.AssertDeclaredAsync("PUT", Dialog, await Answered(() => Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "CLOSE" }), HttpStatusCode.Conflict));
        await document.AssertDeclaredAsync("PUT", Dialog, await Answered(() => Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "DANCE" }), HttpStatusCode.BadRequest));
        await document.AssertDeclaredAsync("PUT", Dialog, await Send(server, "sup1", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "ACCEPT" }));
        await document.AssertDeclaredAsync("PUT", Dialog, await Answered(() => Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "START" }), HttpStatusCode.OK));
        var closed = await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "CLOSE" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        await document.AssertDeclaredAsync("PUT", Dialog, closed);
        await document.AssertDeclaredAsync("PUT", Dialog, await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "CLOSE" }));

        const string Tickets = "/api/v1/agents/{loginId}/channel/tickets";
        await document.AssertDeclaredAsync("POST", Tickets, await Send(server, "1080", HttpMethod.Post, "/api/v1/agents/1080/channel/tickets"));
        await document.AssertDeclaredAsync("POST", Tickets, await Send(server, "1080", HttpMethod.Post, "/api/v1/agents/1081/channel/tickets"));
        await document.AssertDeclaredAsync("GET", "/api/v1/supervisor/overview", await Send(server, "sup1", HttpMethod.Get, "/api/v1/supervisor/overview"));
        await document.AssertDeclaredAsync("GET", "/api/v1/supervisor/overview", await Send(server, "1080", HttpMethod.Get, "/api/v1/supervisor/overview"));
    }

    [Fact]
    public async Task The_event_streams_are_declared_as_text_event_stream_that_never_ends()
    {
        await using var server = await TestServer.StartAsync();
        var document = await OpenApiAnswers.ReadAsync(server);
        foreach (var (path, template, user) in new[] { ("/api/v1/agents/1080/events", "/api/v1/agents/{loginId}/events", "1080"), ("/api/v1/supervisor/events", "/api/v1/supervisor/events", "sup1") })
        {
            using (var stream = await Send(server, user, HttpMethod.Get, path, completion: HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
                await document.AssertDeclaredAsync("GET", template, stream, stream: true);
            }
            var declared = document.Response("GET", template, 200);
            Assert.Contains("never end", declared.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal("string", declared.GetProperty("content").GetProperty("text/event-stream").GetProperty("schema").GetProperty("type").GetString());
            await document.AssertDeclaredAsync("GET", template, await Send(server, null, HttpMethod.Get, path));
        }
        await document.AssertDeclaredAsync("GET", "/api/v1/agents/{loginId}/events", await Send(server, "admin", HttpMethod.Get, "/api/v1/agents/9999/events"));
        await document.AssertDeclaredAsync("GET", "/api/v1/agents/{loginId}/events", await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1081/events"));
        await document.AssertDeclaredAsync("GET", "/api/v1/supervisor/events", await Send(server, "1080", HttpMethod.Get, "/api/v1/supervisor/events"));
    }

    [Fact]
    public async Task The_agent_channel_is_declared_as_a_websocket_upgrade_opened_with_basic_or_a_ticket()
    {
        await using var server = await TestServer.StartAsync();
        var document = await OpenApiAnswers.ReadAsync(server);
        const string Channel = "/api/v1/agents/{loginId}/channel";
        var operation = document.Operation("GET", Channel);
        Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "ticket" && p.GetProperty("in").GetString() == "query");
        Assert.False(operation.GetProperty("responses").TryGetProperty("200", out _));
        Assert.True(operation.GetProperty("responses").TryGetProperty("101", out _));
        var ticket = JsonDocument.Parse(await (await Send(server, "1080", HttpMethod.Post, "/api/v1/agents/1080/channel/tickets")).Content.ReadAsStringAsync()).RootElement.GetProperty("ticket").GetString();
        using (var socket = new ClientWebSocket())
        {
            var address = new UriBuilder(new Uri(server.Client.BaseAddress!, $"/api/v1/agents/1080/channel?ticket={ticket}")) { Scheme = "ws" }.Uri;
            await socket.ConnectAsync(address, TestContext.Current.CancellationToken);
            Assert.Equal(WebSocketState.Open, socket.State);
        }
        await document.AssertDeclaredAsync("GET", Channel, await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/channel"));
        await document.AssertDeclaredAsync("GET", Channel, await Send(server, null, HttpMethod.Get, $"/api/v1/agents/1080/channel?ticket={ticket}"));
    }

    [Fact]
    public async Task Reports_declare_their_csv_their_enums_and_the_404_of_an_unknown_id()
    {
        await using var server = await TestServer.StartAsync();
        var document = await OpenApiAnswers.ReadAsync(server);
        foreach (var report in new[] { "summary", "intervals", "tasks" })
        {
            var path = $"/api/v1/reports/{report}";
            await document.AssertDeclaredAsync("GET", path, await Answered(() => Send(server, "sup1", HttpMethod.Get, path + "?format=csv"), HttpStatusCode.OK));
            await document.AssertDeclaredAsync("GET", path, await Answered(() => Send(server, "sup1", HttpMethod.Get, path, also: r => r.Headers.Accept.ParseAdd("text/csv")), HttpStatusCode.OK));
            await document.AssertDeclaredAsync("GET", path, await Answered(() => Send(server, "sup1", HttpMethod.Get, path + "?by=agent&id=4242"), HttpStatusCode.NotFound));
            await document.AssertDeclaredAsync("GET", path, await Send(server, "sup1", HttpMethod.Get, path + "?by=planet"));
            await document.AssertDeclaredAsync("GET", path, await Send(server, "1080", HttpMethod.Get, path));
            await document.AssertDeclaredAsync("GET", path, await Send(server, null, HttpMethod.Get, path));
            var parameters = document.Operation("GET", path).GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
            Assert.Equal(["json", "csv"], parameters["format"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
            Assert.Contains("scriptSelector", parameters["by"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        }
        var outcome = document.Operation("GET", "/api/v1/reports/tasks").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "outcome");
        Assert.Contains("abandonedInQueue", outcome.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Logs_declare_their_listings_a_files_text_and_a_level_change()
    {
        await using var server = await TestServer.StartAsync();
        var document = await OpenApiAnswers.ReadAsync(server);
        await SubmitTask(server);
        // The component logs are written on a thread of their own, after the submit was answered: the listing names a file once one is written.
        string listing;
        var read = 0;
        do listing = await document.AssertDeclaredAsync("GET", "/api/v1/logs", await Send(server, "sup1", HttpMethod.Get, "/api/v1/logs?recurs=true"));
        while (!JsonDocument.Parse(listing).RootElement.EnumerateArray().Any(c => c.GetProperty("files").GetArrayLength() > 0) && ++read < 100 && await Pause());
        await document.AssertDeclaredAsync("GET", "/api/v1/logs", await Send(server, "sup1", HttpMethod.Get, "/api/v1/logs?recurs=maybe"));
        await document.AssertDeclaredAsync("GET", "/api/v1/logs", await Send(server, "1080", HttpMethod.Get, "/api/v1/logs"));
        await document.AssertDeclaredAsync("GET", "/api/v1/logs/{component}", await Send(server, "sup1", HttpMethod.Get, "/api/v1/logs/ctisvr?reltime=minutes%2030"));
        await document.AssertDeclaredAsync("GET", "/api/v1/logs/{component}", await Send(server, "sup1", HttpMethod.Get, "/api/v1/logs/ctisvr?reltime=eons%203"));
        var file = JsonDocument.Parse(listing).RootElement.EnumerateArray().SelectMany(c => c.GetProperty("files").EnumerateArray()).First();
        var text = await Send(server, "sup1", HttpMethod.Get, $"/api/v1/logs/{file.GetProperty("component").GetString()}/files/{file.GetProperty("path").GetString()}",
            also: r => r.Headers.Accept.ParseAdd("*/*"));
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        await document.AssertDeclaredAsync("GET", "/api/v1/logs/{component}/files/{path}", text);
        await document.AssertDeclaredAsync("GET", "/api/v1/logs/{component}/files/{path}", await Send(server, "sup1", HttpMethod.Get, "/api/v1/logs/ctisvr/files/nope.log"));
        const string Level = "/api/v1/logs/{component}/level";
        await document.AssertDeclaredAsync("PUT", Level, await Send(server, "admin", HttpMethod.Put, "/api/v1/logs/rtr/level", new { level = "DEBUG" }));
        await document.AssertDeclaredAsync("PUT", Level, await Send(server, "admin", HttpMethod.Put, "/api/v1/logs/rtr/level", new { level = "LOUD" }));
        await document.AssertDeclaredAsync("PUT", Level, await Send(server, "sup1", HttpMethod.Put, "/api/v1/logs/rtr/level", new { level = "DEBUG" }));
    }

    [Fact]
    public async Task The_configuration_declares_its_file_its_etag_and_its_conditional_answers()
    {
        await using var server = await TestServer.StartAsync();
        var document = await OpenApiAnswers.ReadAsync(server);
        var read = await Send(server, "admin", HttpMethod.Get, Configuration);
        var etag = read.Headers.ETag!.Tag;
        var file = await document.AssertDeclaredAsync("GET", Configuration, read);
        var notModified = await Send(server, "admin", HttpMethod.Get, Configuration, also: r => r.Headers.IfNoneMatch.ParseAdd(etag));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        await document.AssertDeclaredAsync("GET", Configuration, notModified);
        await document.AssertDeclaredAsync("GET", Configuration, await Send(server, "sup1", HttpMethod.Get, Configuration));
        var parameters = document.Operation("GET", Configuration).GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Contains("If-None-Match", parameters);
        Assert.Contains("If-Match", document.Operation("PUT", Configuration).GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        Task<HttpResponseMessage> Put(string body, string type, string? ifMatch = null) => Send(server, "admin", HttpMethod.Put, Configuration, also: r =>
        {
            r.Content = new StringContent(body, Encoding.UTF8, type);
            if (ifMatch is not null) r.Headers.IfMatch.ParseAdd(ifMatch);
        });
        var stale = await Put(file, "application/json", "\"0000\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        await document.AssertDeclaredAsync("PUT", Configuration, stale);
        await document.AssertDeclaredAsync("PUT", Configuration, await Put(file, "text/plain"));
        await document.AssertDeclaredAsync("PUT", Configuration, await Put("mrds: 5", "application/yaml"));
        await document.AssertDeclaredAsync("PUT", Configuration, await Put(file, "application/json", etag));
    }

    [Fact]
    public async Task Problem_bodies_name_their_trace_id_and_ccp_submits_declare_the_415_of_a_compressed_body()
    {
        await using var server = await TestServer.StartAsync();
        var document = await OpenApiAnswers.ReadAsync(server);
        await document.AssertDeclaredAsync("GET", "/api/v1/tasks/{id}", await Send(server, null, HttpMethod.Get, $"/api/v1/tasks/{Guid.NewGuid()}"));
        await document.AssertDeclaredAsync("POST", "/api/v1/tasks", await Send(server, null, HttpMethod.Post, "/api/v1/tasks", new { name = "Ann" }));
        foreach (var path in new[] { "/ccp/task/feed/{feedId}", "/ccp/rest/task/feed/{feedId}" })
        {
            var gzip = await Send(server, null, HttpMethod.Post, path.Replace("{feedId}", "100000", StringComparison.Ordinal), also: r =>
            {
                r.Content = new ByteArrayContent([0x1f, 0x8b, 0x08, 0x00]);
                r.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
                r.Content.Headers.ContentEncoding.Add("gzip");
            });
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, gzip.StatusCode);
            await document.AssertDeclaredAsync("POST", path, gzip);
        }
    }

    [Fact]
    public async Task Request_schemas_enumerate_what_the_server_takes_and_the_server_url_ends_without_a_slash()
    {
        await using var server = await TestServer.StartAsync();
        var document = (await OpenApiAnswers.ReadAsync(server)).Document;
        Assert.All(document.GetProperty("servers").EnumerateArray(), s => Assert.False(s.GetProperty("url").GetString()!.EndsWith('/'), s.GetProperty("url").GetString()));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        // A null a nullable field may be sent as is one of its values, written here as "null".
        string[] Enum(string schema, string property) =>
            [.. schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("enum").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? "null" : v.GetString()!)];
        Assert.Equal(["LOGIN", "READY", "NOT_READY", "LOGOUT", "null"], Enum("MediaChange", "state"));
        Assert.Equal(["ACCEPT", "IGNORE", "null"], Enum("MediaChange", "interruptAction"));
        Assert.Equal(["CLOSE", "TRANSFER", "null"], Enum("MediaChange", "dialogLogoutAction"));
        Assert.Equal(["ACCEPT", "START", "PAUSE", "RESUME", "WRAP_UP", "CLOSE", "TRANSFER"], Enum("DialogChange", "action"));
        Assert.Contains("action", schemas.GetProperty("DialogChange").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"], Enum("LevelChange", "level"));
        foreach (var named in new[] { "ContactStatus", "TaskOutcome" }) Assert.Equal("string", schemas.GetProperty(named).GetProperty("type").GetString());
        var priority = schemas.GetProperty("TaskSubmission").GetProperty("properties").GetProperty("priority");
        Assert.Equal((0, 10), (priority.GetProperty("minimum").GetInt32(), priority.GetProperty("maximum").GetInt32()));
        foreach (var problem in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
            Assert.True(schemas.GetProperty(problem).GetProperty("properties").TryGetProperty("traceId", out _), problem);
        var arm = schemas.GetProperty("ArmProblemDetails").GetProperty("properties");
        Assert.True(arm.TryGetProperty("reason", out _) && arm.TryGetProperty("code", out _));
    }

    [Fact]
    public async Task The_document_reads_back_as_valid_openapi_with_the_openapi_libraries_own_reader_and_rules()
    {
        await using var server = await TestServer.StartAsync();
        await using var stream = await server.Client.GetStreamAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        // What a generator reads it with: every $ref resolves and every rule of the specification holds.
        var read = await Microsoft.OpenApi.OpenApiDocument.LoadAsync(stream, "json", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(read.Diagnostic!.Errors.Select(e => e.ToString()));
        var document = read.Document!;
        Assert.Empty(Microsoft.OpenApi.OpenApiElementExtensions.Validate(document, Microsoft.OpenApi.ValidationRuleSet.GetDefaultRuleSet()).Select(e => e.ToString()));
        Assert.Contains("/api/v1/traces/{id}", document.Paths.Keys);
        Assert.Contains("TraceResource", document.Components!.Schemas!.Keys);
    }
}
