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
}
