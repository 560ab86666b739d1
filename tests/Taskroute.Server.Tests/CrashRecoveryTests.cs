using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary>
/// A server process killed with SIGKILL in the middle of a submit load, twenty times, each time
/// restarted on the same data directory: it holds every task that got a 201, and none twice.
/// </summary>
public class CrashRecoveryTests
{
    [Fact]
    public async Task Every_acknowledged_task_survives_twenty_sigkills_during_a_submit_load()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("taskroute-crash-").FullName;
        var acknowledged = new ConcurrentDictionary<Guid, byte>();
        var random = new Random(20240130);
        try
        {
            const int rounds = 20;
            for (var round = 0; round <= rounds; round++)
            {
                await using var server = await ChildServer.StartAsync(directory, ct);
                // Each start is also the check of the kill before it.
                var ids = await AllTaskIds(server.Client, ct);
                var missing = acknowledged.Keys.Where(id => !ids.Contains(id)).ToList();
                Assert.True(missing.Count == 0, $"after kill {round}: {missing.Count} acknowledged tasks lost, e.g. {missing.FirstOrDefault()}");
                if (round == rounds) break;
                {
                    // Kill once a random number of submits has been acknowledged, while eight clients keep submitting.
                    var killAfter = acknowledged.Count + random.Next(50, 300);
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
            }
            Assert.True(acknowledged.Count >= 50 * rounds);
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
