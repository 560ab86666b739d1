using System.Net;
using System.Net.Sockets;
using System.Text;
using Taskroute.Cli.Load;

namespace Taskroute.Server.Tests.Load;

/// <summary>
/// The lean load generator's submit phase against servers on loopback that answer in awkward ways:
/// it counts what a real client would, and it never waits for ever.
/// </summary>
public class SubmitPhaseOnEpollTests
{
    // A server that reads each request whole and hands its connection to answer.
    private static async Task Serve(TcpListener listener, Func<NetworkStream, Task> answer, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(ct); }
            catch (OperationCanceledException) { return; }
            _ = Task.Run(async () =>
            {
                using var _ = client;
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var pending = "";
                try
                {
                    while (true)
                    {
                        var read = await stream.ReadAsync(buffer, ct);
                        if (read == 0) return;
                        pending += Encoding.ASCII.GetString(buffer, 0, read);
                        // Each request here is headers and a body of the Content-Length they give.
                        while (pending.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0)
                        {
                            var length = int.Parse(pending[(pending.IndexOf("Content-Length: ", StringComparison.Ordinal) + 16)..].Split('\r')[0], System.Globalization.CultureInfo.InvariantCulture);
                            if (pending.Length < end + 4 + length) break;
                            pending = pending[(end + 4 + length)..];
                            await answer(stream);
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
                {
                }
            }, ct);
        }
    }

    // A loopback server answering every request with answer, for as long as test runs.
    private static async Task WithServer(Func<NetworkStream, CancellationToken, Task> answer, Func<Uri, Task> test)
    {
        Assert.SkipUnless(Epoll.Supported, "the lean load generator runs on Linux");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var server = Serve(listener, stream => answer(stream, stop.Token), stop.Token);
        try
        {
            await test(new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"));
        }
        finally
        {
            await stop.CancelAsync();
            listener.Stop();
            await server;
        }
    }

    [Fact]
    public async Task Answers_split_across_writes_chunked_and_after_an_interim_answer_are_each_counted_once()
    {
        var answered = 0;
        await WithServer(async (stream, ct) =>
        {
            Interlocked.Increment(ref answered);
            var parts = new[]
            {
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Cre", "ated\r\nLocation: /api/v1/tasks/0193a4f2-7b7e-7c3d-9e55-0a1b2c3d4e5f\r\n",
                "Transfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r", "\n2\r\n:1\r\n1\r\n}\r\n0\r\n\r\n",
            };
            foreach (var part in parts)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(part), ct);
                await stream.FlushAsync(ct);
            }
        }, async url =>
        {
            var outcome = await SubmitPhaseOnEpoll.RunAsync(url, "/api/v1/tasks", """{"name":"n","title":"t"}""", TimeSpan.FromMilliseconds(300), 3, TestContext.Current.CancellationToken);
            Assert.Equal(0, outcome.Errors);
            Assert.NotEmpty(outcome.Latencies);
            // Every answer the server wrote was read as one, none twice, none left over.
            Assert.Equal(Volatile.Read(ref answered), outcome.Latencies.Count);
        });
    }

    [Fact]
    public Task A_server_that_never_answers_ends_the_phase_at_the_answer_timeout_with_each_request_an_error() =>
        WithServer((_, ct) => Task.Delay(Timeout.Infinite, ct), async url =>
        {
            var outcome = await SubmitPhaseOnEpoll.RunAsync(url, "/api/v1/tasks", "{}", TimeSpan.FromMilliseconds(100), 2, TestContext.Current.CancellationToken,
                answerTimeout: TimeSpan.FromMilliseconds(400));
            Assert.Equal(2, outcome.Errors);
            Assert.Empty(outcome.Latencies);
        });

    [Fact]
    public Task Refusals_are_counted_as_errors_and_the_connection_the_server_closes_is_replaced() =>
        WithServer(async (stream, ct) =>
        {
            await stream.WriteAsync("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy"u8.ToArray(), ct);
            stream.Close();
        }, async url =>
        {
            var outcome = await SubmitPhaseOnEpoll.RunAsync(url, "/api/v1/tasks", "{}", TimeSpan.FromMilliseconds(300), 2, TestContext.Current.CancellationToken);
            // More answers than connections: each closed connection was replaced and used again.
            Assert.True(outcome.Latencies.Count > 2, $"{outcome.Latencies.Count} answers");
            Assert.Equal(outcome.Latencies.Count, outcome.Errors);
        });
}
