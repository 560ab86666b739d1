using System.Net;

namespace Taskroute.Server.Tests;

/// <summary>How <c>taskroute serve</c> stops on the signals a terminal, a supervisor or an operator sends.</summary>
public class StopSignalTests
{
    [Theory]
    [InlineData("HUP")]
    [InlineData("TERM")]
    public async Task A_hang_up_stops_the_server_as_sigterm_does_with_a_snapshot_and_exit_code_0(string signal)
    {
        Assert.SkipWhen(signal == "HUP" && ChildServer.HangUpIgnored(), "this test run ignores SIGHUP (nohup), and a server it starts inherits that");
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("taskroute-signal-").FullName;
        try
        {
            await using (var server = await ChildServer.StartAsync(directory, ct))
            {
                var submitted = await server.Client.PostAsync("/api/v1/tasks", new StringContent("""{"name":"n","title":"t"}""", System.Text.Encoding.UTF8, "application/json"), ct);
                Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
                await server.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30), ct);

                await server.SignalAsync(signal, ct);

                // SIGHUP ended the process at once (exit 129): no snapshot, and the next start replayed the journal.
                Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60), ct));
                Assert.Contains("Snapshot of journal record", server.Output, StringComparison.Ordinal);
                if (signal == "HUP") Assert.Contains("SIGHUP", server.Output, StringComparison.Ordinal);
            }
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(directory, "snapshots"), "snapshot-*.trs"));

            // The planned restart replays nothing.
            await using var again = await ChildServer.StartAsync(directory, ct);
            await again.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30), ct);
            Assert.Contains("restored, 0 commands after it replayed", again.Output, StringComparison.Ordinal);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }
}
