using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Taskroute.Server.Tests;

/// <summary>
/// A start given the file it was given last keeps the configuration changed while the last server
/// ran; the file's accounts were checked against the file's agents, not that one's.
/// </summary>
public class AccountsWithoutAgentsTests
{
    [Fact]
    public async Task A_start_warns_of_agent_accounts_whose_agent_the_running_configuration_no_longer_has()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("taskroute-accounts-").FullName;
        try
        {
            await using (var server = await ChildServer.StartAsync(Path.Combine(directory, "data"), ct, "--config", ConfigurationFileTests.Example))
            {
                server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:lab")));
                var running = JsonNode.Parse(await server.Client.GetStringAsync("/api/v1/configuration", ct))!.AsObject();
                var agents = running["agents"]!.AsArray();
                agents.Remove(agents.Single(a => (int)a!["loginId"]! == 1080));
                using var changed = await server.Client.PutAsync("/api/v1/configuration", new StringContent(running.ToJsonString(), Encoding.UTF8, "application/json"), ct);
                Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
                await server.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30), ct);
                Assert.DoesNotContain("names an agent", server.Output, StringComparison.Ordinal);
                await server.SignalAsync("TERM", ct);
                Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60), ct));
            }

            await using var again = await ChildServer.StartAsync(Path.Combine(directory, "data"), ct, "--config", ConfigurationFileTests.Example);
            await again.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30), ct);
            Assert.Contains("taskroute: warning: account 1080 names an agent the configuration the server runs under does not have", again.Output, StringComparison.Ordinal);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }
}
