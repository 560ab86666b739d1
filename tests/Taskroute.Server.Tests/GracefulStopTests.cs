using System.Net;

namespace Taskroute.Server.Tests;

/// <summary>What a server stopped on purpose (Ctrl+C, a service manager's TERM) leaves in its data directory.</summary>
public sealed class GracefulStopTests
{
    [Fact]
    public async Task A_server_stopped_gracefully_leaves_its_databases_whole_with_no_write_ahead_log_to_carry()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("taskroute-stop-").FullName;
        var data = Path.Combine(directory, "data");
        try
        {
            await using (var server = await ChildServer.StartAsync(data, ct))
            {
                for (var i = 0; i < 20; i++)
                {
                    using var created = await server.Client.PostAsync("/api/v1/tasks",
                        new StringContent("""{"name":"n","title":"t"}""", System.Text.Encoding.UTF8, "application/json"), ct);
                    Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                }
                Assert.True(new FileInfo(Path.Combine(data, "journal.db-wal")).Length > 0);
                await server.SignalAsync("TERM", ct);
                Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60), ct));
            }

            foreach (var database in new[] { "journal.db", "trace-index.db", "reports.db" })
            {
                var wal = Path.Combine(data, database + "-wal");
                Assert.False(File.Exists(wal) && new FileInfo(wal).Length > 0, $"{database}-wal still holds pages after a graceful stop");
            }
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }
}
