using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary>
/// Every refusal a client can get from the JSON API and the operations endpoints says why in its
/// body, whoever wrote the status (an endpoint, routing, binding or content negotiation).
/// </summary>
public sealed class ApiErrorBodyTests
{
    private static async Task<(HttpStatusCode Status, string? Detail)> Problem(HttpResponseMessage response)
    {
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.Content.Headers.ContentType} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, body.TryGetProperty("detail", out var detail) ? detail.GetString() : null);
    }

    [Fact]
    public async Task A_bare_status_from_routing_binding_or_content_negotiation_says_why_in_a_problem_body()
    {
        await using var server = await TestServer.StartAsync();

        Assert.Equal((HttpStatusCode.BadRequest, "page: 'abc' is not a whole number (within range)"),
            await Problem(await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/tasks?page=abc")));
        Assert.Equal((HttpStatusCode.BadRequest, "pageSize: '99999999999' is not a whole number (within range)"),
            await Problem(await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/tasks?pageSize=99999999999")));
        Assert.Equal((HttpStatusCode.NotFound, "no resource at /api/v1/agents/abc (the API's resources are listed at /openapi/v1.json)"),
            await Problem(await server.SendAs("1080", HttpMethod.Get, "/api/v1/agents/abc")));
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "DELETE is not allowed on /api/v1/tasks; it takes GET, POST"),
            await Problem(await server.Client.DeleteAsync("/api/v1/tasks")));
        var plain = await server.Client.PostAsync("/api/v1/tasks", new StringContent("name=Ann", Encoding.UTF8, "text/plain"));
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "the body's Content-Type (text/plain; charset=utf-8) is not one /api/v1/tasks reads: send application/json"),
            await Problem(plain));
        Assert.Equal((HttpStatusCode.Unauthorized, "sign in with HTTP Basic: a login id or user name, and its password"),
            await Problem(await server.Client.GetAsync("/api/v1/agents/1080")));
    }

    [Fact]
    public async Task Health_and_metrics_are_read_with_get_and_a_post_or_delete_there_is_refused()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/metrics")).StatusCode);
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "POST is not allowed on /healthz; it takes GET, HEAD"),
            await Problem(await server.Client.PostAsync("/healthz", null)));
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "DELETE is not allowed on /metrics; it takes GET, HEAD"),
            await Problem(await server.Client.DeleteAsync("/metrics")));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await server.Client.PostAsync("/readyz", null)).StatusCode);
    }
}
