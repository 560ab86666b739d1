using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary>
/// The OpenAPI document read as a generic client reads it: the Task API must be callable from what
/// it declares alone, and say the headers and limits the server holds clients to.
/// </summary>
public class OpenApiTaskApiTests
{
    private static readonly string[] CcpFeeds = ["/ccp/task/feed/{feedId}", "/ccp/rest/task/feed/{feedId}"];

    private static async Task<JsonElement> Paths(TestServer server) =>
        (await server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

    private static IEnumerable<JsonElement> Parameters(JsonElement operation, string where) =>
        operation.TryGetProperty("parameters", out var all) ? all.EnumerateArray().Where(p => p.GetProperty("in").GetString() == where) : [];

    private static JsonElement Parameter(JsonElement operation, string where, string name) =>
        Parameters(operation, where).Single(p => p.GetProperty("name").GetString() == name);

    private static JsonElement ResponseHeaders(JsonElement operation, string status) =>
        operation.GetProperty("responses").GetProperty(status).GetProperty("headers");

    [Fact]
    public async Task The_browsable_reference_asks_nothing_of_scalars_services_fonts_ai_chat_or_toolbar()
    {
        await using var server = await TestServer.StartAsync();
        var page = await server.Client.GetStringAsync("/api-docs/", TestContext.Current.CancellationToken);
        // A contact centre's server often has no way out: offline, the CDN's fonts were two failed requests.
        Assert.Contains("\"withDefaultFonts\":false", page, StringComparison.Ordinal);
        Assert.Contains("\"agent\":{\"disabled\":true}", page, StringComparison.Ordinal);
        Assert.Contains("\"showDeveloperTools\":\"never\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generic_client_posts_a_ccp_task_built_from_the_declared_request_body_and_gets_201()
    {
        await using var server = await TestServer.StartAsync();
        var paths = await Paths(server);
        foreach (var path in CcpFeeds)
        {
            var post = paths.GetProperty(path).GetProperty("post");
            var content = post.GetProperty("requestBody").GetProperty("content");
            Assert.Equal(["application/xml", "text/xml"], content.EnumerateObject().Select(c => c.Name));
            // The schema says what a <Task> holds, as XML; the example is a body to send.
            var declared = content.EnumerateObject().First();
            var example = declared.Value.GetProperty("example").GetString()!;
            Assert.Equal("#/components/schemas/CcpTask", declared.Value.GetProperty("schema").GetProperty("$ref").GetString());

            using var request = new HttpRequestMessage(HttpMethod.Post, path.Replace("{feedId}", "100000", StringComparison.Ordinal))
            {
                Content = new StringContent(example, Encoding.UTF8, declared.Name),
            };
            var created = await server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.True(ResponseHeaders(post, "201").TryGetProperty("Location", out _), path);
            Assert.NotNull(created.Headers.Location);
        }
    }

    [Fact]
    public async Task A_generic_client_creates_a_task_with_the_get_form_from_the_declared_query_parameters()
    {
        await using var server = await TestServer.StartAsync();
        var paths = await Paths(server);
        foreach (var path in CcpFeeds)
        {
            var get = paths.GetProperty(path).GetProperty("get");
            var query = Parameters(get, "query").ToList();
            Assert.Superset(new HashSet<string>(["name", "title", "description", "scriptSelector", "requeueOnRecovery", "tags", "mediaType",
                .. Enumerable.Range(1, 10).Select(n => $"variable_cv_{n}")]), query.Select(p => p.GetProperty("name").GetString()!).ToHashSet());
            // ECC variables: an object each of whose properties is a parameter, named variable_user_<name>.
            var ecc = query.Single(p => p.GetProperty("schema").TryGetProperty("patternProperties", out _));
            // A query parameter's style is form, exploded, unless it says otherwise.
            Assert.Equal(("form", true), (ecc.TryGetProperty("style", out var style) ? style.GetString() : "form", !ecc.TryGetProperty("explode", out var explode) || explode.GetBoolean()));
            var eccName = ecc.GetProperty("schema").GetProperty("patternProperties").EnumerateObject().Single().Name;
            Assert.Matches(eccName, "variable_user_tier");

            // What a client sends: every required parameter, and a call variable, as declared.
            var sent = query.Where(p => p.TryGetProperty("required", out var r) && r.GetBoolean()).Select(p => p.GetProperty("name").GetString()!).ToList();
            Assert.Equal(["name", "title"], sent);
            var uri = path.Replace("{feedId}", "100000", StringComparison.Ordinal) + "?" + string.Join("&", sent.Select(n => $"{n}=Ann"))
                + "&variable_cv_1=gold&variable_user_tier=vip&tags=a,b";
            var created = await server.Client.GetAsync(uri);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var task = await server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{Guid.ParseExact(created.Headers.Location!.Segments[^1], "N"):D}");
            Assert.Equal(("gold", "vip", 2), (task.GetProperty("callVariables").GetProperty("1").GetString(),
                task.GetProperty("eccVariables").GetProperty("tier").GetString(), task.GetProperty("tags").GetArrayLength()));
        }
    }

    [Fact]
    public async Task Both_submit_apis_declare_the_idempotency_key_the_feed_key_and_the_headers_they_answer_with()
    {
        await using var server = await TestServer.StartAsync();
        var paths = await Paths(server);
        var submits = CcpFeeds.SelectMany(p => new[] { paths.GetProperty(p).GetProperty("post"), paths.GetProperty(p).GetProperty("get") })
            .Append(paths.GetProperty("/api/v1/tasks").GetProperty("post")).ToList();
        foreach (var operation in submits)
        {
            Assert.Equal("string", Parameter(operation, "header", "Idempotency-Key").GetProperty("schema").GetProperty("type").GetString());
            // A keyed feed's X-Api-Key is the feedKey security scheme's, optional as only some feeds have one.
            Assert.Contains(operation.GetProperty("security").EnumerateArray(), r => r.TryGetProperty("feedKey", out _));
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _));
            var created = ResponseHeaders(operation, "201");
            Assert.True(created.TryGetProperty("Location", out _));
            Assert.True(created.TryGetProperty("Idempotent-Replayed", out _));
            foreach (var status in new[] { "429", "503" }) Assert.True(ResponseHeaders(operation, status).TryGetProperty("Retry-After", out _), status);
        }
        var json = paths.GetProperty("/api/v1/tasks").GetProperty("post");
        Assert.True(ResponseHeaders(json, "201").TryGetProperty("ETag", out _));
        Assert.True(json.GetProperty("responses").TryGetProperty("415", out _));
        // The 201 is the task, or, for a retry whose task is no longer kept, its id and why.
        var bodies = json.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("oneOf");
        Assert.Equal("#/components/schemas/TaskResource", bodies[0].GetProperty("$ref").GetString());
        Assert.Equal(["detail", "id"], bodies[1].GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));

        // What the document says is what the server does: a retried submit is answered as replayed.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/ccp/task/feed/100000?name=n&title=t");
            request.Headers.Add("Idempotency-Key", "openapi-retry");
            var answer = await server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            Assert.Equal(attempt == 1, answer.Headers.Contains("Idempotent-Replayed"));
        }
        using var xmlToJson = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = new StringContent("<Task/>", Encoding.UTF8, "application/xml") };
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await server.Client.SendAsync(xmlToJson)).StatusCode);
    }

    [Fact]
    public async Task A_tasks_reads_and_cancel_declare_their_conditional_headers_and_etag()
    {
        await using var server = await TestServer.StartAsync();
        var task = (await Paths(server)).GetProperty("/api/v1/tasks/{id}");
        var get = task.GetProperty("get");
        Assert.Equal("header", Parameter(get, "header", "If-None-Match").GetProperty("in").GetString());
        Assert.True(ResponseHeaders(get, "200").TryGetProperty("ETag", out _));
        Assert.True(ResponseHeaders(get, "304").TryGetProperty("ETag", out _));
        var delete = task.GetProperty("delete");
        Assert.Equal("header", Parameter(delete, "header", "If-Match").GetProperty("in").GetString());
        Assert.True(ResponseHeaders(delete, "200").TryGetProperty("ETag", out _));
    }

    [Fact]
    public async Task The_schemas_say_what_the_server_requires_name_and_title_the_lists_page_bounds_and_the_statuses()
    {
        await using var server = await TestServer.StartAsync();
        var document = await server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var submission = schemas.GetProperty("TaskSubmission");
        Assert.Superset(new HashSet<string> { "name", "title" }, submission.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToHashSet());
        foreach (var field in new[] { "name", "title" })
            Assert.Equal("string", submission.GetProperty("properties").GetProperty(field).GetProperty("type").GetString());
        // A submission without them is refused, as the schema now says.
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostAsync("/api/v1/tasks", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);

        string[] statuses = ["unread", "queued", "reserved", "handled", "discarded"];
        Assert.Equal(statuses, schemas.GetProperty("TaskResource").GetProperty("properties").GetProperty("status").GetProperty("enum").EnumerateArray().Select(s => s.GetString()));
        var list = document.GetProperty("paths").GetProperty("/api/v1/tasks").GetProperty("get");
        Assert.Equal(statuses, Parameter(list, "query", "status").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(s => s.GetString()));
        var page = Parameter(list, "query", "page").GetProperty("schema");
        Assert.Equal(("integer", 1), (page.GetProperty("type").GetString(), page.GetProperty("minimum").GetInt32()));
        var pageSize = Parameter(list, "query", "pageSize").GetProperty("schema");
        Assert.Equal(("integer", 1, 500), (pageSize.GetProperty("type").GetString(), pageSize.GetProperty("minimum").GetInt32(), pageSize.GetProperty("maximum").GetInt32()));
        // The bounds are the server's own: the largest declared page size is taken, one more is refused.
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/v1/tasks?pageSize=500&status=queued")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.GetAsync("/api/v1/tasks?pageSize=501")).StatusCode);
    }

    [Fact]
    public async Task Numbers_are_declared_as_numbers_only_as_the_server_reads_them()
    {
        await using var server = await TestServer.StartAsync();
        var schemas = (await server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");
        foreach (var (schema, property) in new[] { ("TaskSubmission", "priority"), ("TaskSubmission", "feedId"), ("TaskResource", "feedId"), ("MediaChange", "reasonCode"), ("DialogChange", "disposition") })
        {
            var declared = schemas.GetProperty(schema).GetProperty("properties").GetProperty(property);
            var types = declared.GetProperty("type") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().Select(t => t.GetString()).ToArray() : [declared.GetProperty("type").GetString()];
            Assert.True(types.SequenceEqual(["integer"]) || types.SequenceEqual(["null", "integer"]), $"{schema}.{property}: {declared}");
            Assert.False(declared.TryGetProperty("pattern", out _), $"{schema}.{property}: {declared}");
        }
    }

    [Fact]
    public async Task The_disposition_name_is_described_in_the_apis_words()
    {
        await using var server = await TestServer.StartAsync();
        var schemas = (await server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");
        var description = schemas.GetProperty("TaskResource").GetProperty("properties").GetProperty("dispositionName").GetProperty("description").GetString()!;
        Assert.StartsWith("The name of the task's `disposition`", description, StringComparison.Ordinal);
        Assert.DoesNotContain("TaskResource.", description, StringComparison.Ordinal);
    }
}
