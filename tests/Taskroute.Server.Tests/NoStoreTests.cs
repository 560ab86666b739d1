using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary>What an account reads (feeds' API keys, tasks' call variables, traces, reports, logs) is not kept in any cache.</summary>
public class NoStoreTests
{
    [Theory]
    [InlineData("admin", "/api/v1/configuration")]
    [InlineData("admin", "/api/v1/tasks")]
    [InlineData("sup1", "/api/v1/agents/1080")]
    [InlineData("admin", "/api/v1/reports/intervals")]
    [InlineData("1080", "/api/v1/agents/1081")] // refused, and still not kept
    public async Task Every_answer_to_a_signed_in_request_says_no_store(string user, string path)
    {
        await using var server = await TestServer.StartAsync();
        using var answer = await server.SendAs(user, HttpMethod.Get, path);
        Assert.True(answer.Headers.CacheControl?.NoStore, $"{path} as {user}: {(int)answer.StatusCode}, Cache-Control {answer.Headers.CacheControl}");
    }

    [Fact]
    public async Task A_task_read_signed_in_is_not_stored_and_its_etag_still_answers_304()
    {
        await using var server = await TestServer.StartAsync();
        using var submitted = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "Ann", title = "Refund", scriptSelector = "CumulusTask" });
        // An anonymous submit (as CCP's Task API takes them) is not a signed-in answer.
        Assert.Null(submitted.Headers.CacheControl);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var read = await server.SendAs("admin", HttpMethod.Get, $"/api/v1/tasks/{id}");
        Assert.True(read.Headers.CacheControl?.NoStore);
        var etag = read.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tasks/{id}");
        again.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:lab"u8));
        again.Headers.IfNoneMatch.Add(etag);
        using var unchanged = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.True(unchanged.Headers.CacheControl?.NoStore);
        Assert.Equal(etag, unchanged.Headers.ETag);
    }

    [Fact]
    public async Task A_task_read_without_signing_in_is_private_to_its_client_and_still_revalidates_by_etag()
    {
        await using var server = await TestServer.StartAsync();
        using var submitted = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "Ann", title = "Refund", scriptSelector = "CumulusTask", callVariables = new Dictionary<string, string> { ["1"] = "gold" } });
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // The task by its id, the lab's open list and CCP's poll (both roots) all carry the customer's data.
        foreach (var path in (string[])[$"/api/v1/tasks/{id}", "/api/v1/tasks", $"/ccp/task/contact/{id:N}", $"/ccp/rest/task/contact/{id:N}"])
        {
            using var read = await server.Client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            AssertPrivateNoCache(read, path);
        }

        using var first = await server.Client.GetAsync($"/api/v1/tasks/{id}", TestContext.Current.CancellationToken);
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tasks/{id}");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var unchanged = await server.Client.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        AssertPrivateNoCache(unchanged, "the 304");
    }

    private static void AssertPrivateNoCache(HttpResponseMessage answer, string what)
    {
        var cache = answer.Headers.CacheControl;
        Assert.True(cache is { Private: true, NoCache: true, NoStore: false, Public: false }, $"{what}: Cache-Control {cache}");
    }
}
