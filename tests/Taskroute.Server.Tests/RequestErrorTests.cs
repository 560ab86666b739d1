using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary>Requests to the trace, report and log APIs that cannot be answered say what is wrong, in a 4xx with a body.</summary>
public class RequestErrorTests
{
    private static async Task<(HttpStatusCode Status, string Detail)> Ask(TestServer server, string user, HttpMethod method, string path, HttpContent? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:lab")));
        request.Headers.Accept.ParseAdd("application/json");
        var response = await server.Client.SendAsync(request);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : problem.ToString());
    }

    [Theory]
    [InlineData("sup1", "/api/v1/traces?agent=1080&limit=abc", HttpStatusCode.BadRequest, "limit: a whole number")]
    [InlineData("sup1", "/api/v1/reports/summary?by=agent&id=abc", HttpStatusCode.BadRequest, "id: an agent's login id")]
    [InlineData("sup1", "/api/v1/reports/summary?by=agent&id=9999", HttpStatusCode.NotFound, "no agent with login id 9999")]
    [InlineData("admin", "/api/v1/reports/tasks?by=agent&id=9999", HttpStatusCode.NotFound, "no agent with login id 9999")]
    public async Task A_bad_parameter_is_named_in_the_answer(string user, string path, HttpStatusCode status, string detail)
    {
        await using var server = await TestServer.StartAsync();
        var (got, said) = await Ask(server, user, HttpMethod.Get, path);
        Assert.Equal(status, got);
        Assert.Contains(detail, said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_requests_cannot_make_tasks_or_keys_as_large_as_a_body_and_odd_bodies_get_a_4xx()
    {
        await using var server = await TestServer.StartAsync();
        // Title and description are bounded; so is an Idempotency-Key on the CCP API, as on the JSON one.
        var json = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "A", title = new string('t', 1_001), description = new string('d', 32_001) });
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        var errors = (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _) && errors.TryGetProperty("description", out _), errors.ToString());
        using (var keyed = new HttpRequestMessage(HttpMethod.Post, "/ccp/task/feed/100000") { Content = new StringContent("<Task><name>A</name><title>T</title></Task>", Encoding.UTF8, "application/xml") })
        {
            keyed.Headers.Add("Idempotency-Key", new string('k', 256));
            var answer = await server.Client.SendAsync(keyed);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Contains("Idempotency-Key", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // A charset the runtime knows but cannot read is a 400 like an unknown one, not a 500.
        var utf7 = new StringContent("<Task><name>A</name><title>T</title></Task>");
        utf7.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/xml; charset=utf-7");
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostAsync("/ccp/task/feed/100000", utf7)).StatusCode);
        // A proxy's X-Forwarded-Proto is echoed into Location only as http or https.
        using (var forwarded = new HttpRequestMessage(HttpMethod.Post, "/ccp/task/feed/100000") { Content = new StringContent("<Task><name>A</name><title>T</title></Task>", Encoding.UTF8, "application/xml") })
        {
            forwarded.Headers.Add("X-Forwarded-Proto", "javascript");
            var created = await server.Client.SendAsync(forwarded);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("http", created.Headers.Location!.Scheme);
        }
        // A body announced larger than Kestrel takes is its 413, not a 500 (a raw request: a client
        // still sending the body would see the connection closed before the answer).
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(server.Client.BaseAddress!.Host, server.Client.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /api/v1/bench/plain HTTP/1.1\r\nHost: localhost\r\nContent-Length: 32000000\r\n\r\nabc"));
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer);
        Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_level_body_that_is_not_json_is_told_so()
    {
        await using var server = await TestServer.StartAsync();
        var (status, detail) = await Ask(server, "admin", HttpMethod.Put, "/api/v1/logs/ctisvr/level", new StringContent("nope", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrWhiteSpace(detail));
    }

    [Fact]
    public async Task A_task_id_with_a_time_window_is_still_the_task()
    {
        await using var server = await TestServer.StartAsync();
        var created = await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"));
        var contact = created.Headers.Location!.Segments[^1];
        var (status, _) = await Ask(server, "sup1", HttpMethod.Get, $"/api/v1/traces/{contact}?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_compressed_body_is_415_naming_its_content_coding_in_each_apis_shape()
    {
        await using var server = await TestServer.StartAsync();
        static ByteArrayContent Gzipped(string text, string type)
        {
            using var packed = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
            var content = new ByteArrayContent(packed.ToArray());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
            content.Headers.ContentEncoding.Add("gzip");
            return content;
        }

        var xml = await server.Client.PostAsync("/ccp/task/feed/100000", Gzipped("<Task><name>a</name><title>t</title></Task>", "application/xml"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        Assert.Equal("identity", xml.Headers.GetValues("Accept-Encoding").Single());
        var error = System.Xml.Linq.XDocument.Parse(await xml.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Descendants("apiError").Single();
        Assert.Equal("Content-Encoding", error.Element("errorData")!.Value);
        Assert.Contains("Content-Encoding gzip, which this server does not read: send it uncompressed", error.Element("errorMessage")!.Value, StringComparison.Ordinal);

        var json = await server.Client.PostAsync("/api/v1/tasks", Gzipped("""{"name":"a","title":"t"}""", "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Contains("Content-Encoding gzip", (await json.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Nothing was made of either.
        Assert.Equal(0, (await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks", TestContext.Current.CancellationToken)).GetProperty("items").GetArrayLength());

        // Identity is no coding at all.
        var plain = new StringContent("""{"name":"a","title":"t"}""", Encoding.UTF8, "application/json");
        plain.Headers.ContentEncoding.Add("identity");
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/api/v1/tasks", plain, TestContext.Current.CancellationToken)).StatusCode);
    }
}
