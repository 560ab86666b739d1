using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary>
/// A server process killed with SIGKILL in the middle of a submit load, and restarted on the same
/// data directory, holds every task that got a 201, and none twice.
/// </summary>
public class CrashRecoveryTests
{
    [Fact]
    public async Task Every_acknowledged_task_survives_sigkill_during_a_submit_load()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("taskroute-crash-").FullName;
        var acknowledged = new ConcurrentDictionary<Guid, byte>();
        var random = new Random(20240130);
        try
        {
            for (var round = 0; round < 3; round++)
            {
                await using (var server = await ChildServer.StartAsync(directory, ct))
                {
                    // Kill once a random number of submits has been acknowledged, while eight clients keep submitting.
                    var killAfter = acknowledged.Count + random.Next(50, 400);
                    using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var clients = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
                    {
                        var n = 0;
                        while (!stop.IsCancellationRequested)
                        {
                            var body = new StringContent($$"""{"name":"crash {{round}}-{{c}}-{{n++}}","title":"t"}""", Encoding.UTF8, "application/json");
                            try
                            {
                                using var response = await server.Client.PostAsync("/api/v1/tasks", body, stop.Token);
                                if (response.StatusCode != HttpStatusCode.Created) continue;
                                var id = Guid.Parse(response.Headers.Location!.ToString().Split('/').Last());
                                acknowledged[id] = 0;
                                if (acknowledged.Count >= killAfter) await stop.CancelAsync();
                            }
                            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or TaskCanceledException)
                            {
                                return; // the server is gone, or we are stopping
                            }
                        }
                    }, ct)).ToArray();
                    await Task.WhenAny(Task.WhenAll(clients), WaitUntil(() => stop.IsCancellationRequested, ct));
                    server.Kill();
                    await Task.WhenAll(clients);
                }

                await using var restarted = await ChildServer.StartAsync(directory, ct);
                var ids = await AllTaskIds(restarted.Client, ct);
                Assert.Equal(ids.Count, ids.Distinct().Count());
                var missing = acknowledged.Keys.Where(id => !ids.Contains(id)).ToList();
                Assert.True(missing.Count == 0, $"round {round}: {missing.Count} acknowledged tasks lost, e.g. {missing.FirstOrDefault()}");
            }
            Assert.True(acknowledged.Count >= 150);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    private static async Task WaitUntil(Func<bool> condition, CancellationToken ct)
    {
        while (!condition()) await Task.Delay(5, ct);
    }

    private static async Task<HashSet<Guid>> AllTaskIds(HttpClient client, CancellationToken ct)
    {
        var ids = new List<Guid>();
        for (var page = 1; ; page++)
        {
            var result = await client.GetFromJsonAsync<JsonElement>($"/api/v1/tasks?pageSize=500&page={page}", ct);
            foreach (var item in result.GetProperty("items").EnumerateArray()) ids.Add(item.GetProperty("id").GetGuid());
            if (!result.GetProperty("hasMore").GetBoolean()) break;
        }
        Assert.Equal(ids.Count, ids.ToHashSet().Count);
        return ids.ToHashSet();
    }
}
