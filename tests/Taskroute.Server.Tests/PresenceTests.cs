using Taskroute.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Taskroute.Core.Commands;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;

namespace Taskroute.Server.Tests;

/// <summary>An agent whose desktop vanished does not keep work: presence is judged by its event streams, on a clock the test drives.</summary>
public class PresenceTests
{
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2024, 1, 30, 13, 55, 0, TimeSpan.Zero));

    // A server on a data directory of the test's, with a minute's presence timeout: restarts keep what it wrote.
    private static Task<TestServer> StartIn(string directory, FakeTimeProvider time) =>
        TestServer.StartAsync(directory, time: time, configure: o => o.PresenceTimeoutSeconds = 60);

    private static async Task<(TestServer Server, FakeTimeProvider Time)> Start(string policy)
    {
        var time = Clock();
        var server = await TestServer.StartAsync(time: time, configure: o => { o.PresenceTimeoutSeconds = 60; o.PresencePolicy = policy; });
        await server.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
        await server.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));
        return (server, time);
    }

    private static async Task OpenAndCloseStream(TestServer server)
    {
        var ct = TestContext.Current.CancellationToken;
        // A client of its own: disposing it closes the connection at once, as a closed browser tab does.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server.Client.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1080/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1080:lab")));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        await reader.ReadLineAsync(ct); // the stream is open
    }

    private static PresenceMonitor Presence(TestServer server) => server.App.Services.GetRequiredService<PresenceMonitor>();

    private static async Task<T> Eventually<T>(TestServer server, Func<Taskroute.Core.Engine.RoutingEngine, T> read, Func<T, bool> done)
    {
        // Each query is a trip through the writer loop, so this waits for work, not for wall-clock time.
        for (var i = 0; i < 50_000; i++)
        {
            var value = await server.Host.QueryAsync((engine, _) => read(engine));
            if (done(value)) return value;
            await Task.Yield();
        }
        return await server.Host.QueryAsync((engine, _) => read(engine));
    }

    [Fact]
    public async Task An_agent_whose_last_stream_is_gone_past_the_timeout_is_signed_out_and_its_reserved_task_requeued()
    {
        var (server, time) = await Start("logout");
        await using var _ = server;
        await OpenAndCloseStream(server);
        Assert.Equal(0, await Eventually(server, _ => server.Host.Streams.Streams(1080), n => n == 0));
        // The timeout starts when the monitor hears the stream went; only then may the clock move.
        Assert.True(await Eventually(server, _ => Presence(server).IsCounting(1080), counting => counting));
        var submit = await server.Host.SubmitAsync(now => new SubmitTask(now, new TaskData { ContactId = Guid.NewGuid(), FeedId = 100000, Name = "n", Title = "t", ScriptSelector = "CumulusTask" }), null);
        Assert.Equal(ContactStatus.Reserved, await server.Host.QueryAsync((engine, _) => engine.FindContact(submit.ContactId)!.Status));

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.True((await server.Host.QueryAsync((engine, _) => engine.AgentMedia(1080))).Single(m => m.MrdId == 5011).LoggedIn);

        time.Advance(TimeSpan.FromSeconds(1));
        var state = await Eventually(server, engine => engine.AgentMedia(1080).Single(m => m.MrdId == 5011).State, s => s == AgentState.LOGOUT);
        Assert.Equal(AgentState.LOGOUT, state);
        Assert.Equal(ContactStatus.Queued, await server.Host.QueryAsync((engine, _) => engine.FindContact(submit.ContactId)!.Status));
    }

    [Fact]
    public async Task After_a_restart_an_agent_whose_desktop_does_not_come_back_is_signed_out_and_one_that_never_had_a_desktop_is_not()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-presence-").FullName;
        try
        {
            var time = Clock();
            await using (var before = await StartIn(directory, time))
            {
                foreach (var login in new[] { 1080, 1081 })
                {
                    await before.Host.ExecuteAsync(now => new SignIn(now, login, LabConfiguration.TaskMrd));
                    await before.Host.ExecuteAsync(now => new SetReady(now, login, LabConfiguration.TaskMrd));
                }
                // 1080 works from a desktop; 1081 only through the REST API, never with an event stream.
                await OpenAndCloseStream(before);
                Assert.True(await Eventually(before, _ => Presence(before).IsCounting(1080), counting => counting));
            }

            await using var server = await StartIn(directory, time);
            // The timeout starts once the server has started; only then may the clock move.
            Assert.True(await Eventually(server, _ => Presence(server).IsCounting(1080), counting => counting));
            Assert.False(Presence(server).IsCounting(1081));
            time.Advance(TimeSpan.FromSeconds(60));
            Assert.Equal(AgentState.LOGOUT, await Eventually(server, engine => engine.AgentMedia(1080).Single(m => m.MrdId == 5011).State, s => s == AgentState.LOGOUT));
            Assert.True((await server.Host.QueryAsync((engine, _) => engine.AgentMedia(1081))).Single(m => m.MrdId == 5011).LoggedIn);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task An_agent_that_signed_out_of_its_desktop_and_now_works_through_rest_is_not_timed_out_after_a_restart()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-presence-").FullName;
        try
        {
            var time = Clock();
            await using (var before = await StartIn(directory, time))
            {
                await before.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
                await OpenAndCloseStream(before);
                Assert.True(await Eventually(before, _ => Presence(before).IsCounting(1080), counting => counting));
                await before.Host.ExecuteAsync(now => new SignOut(now, 1080, LabConfiguration.TaskMrd));
            }
            // Signed out through that restart, 1080 is off the list of desktop agents.
            await using (var between = await StartIn(directory, time))
            {
                Assert.DoesNotContain("1080", await Eventually(between, _ => File.ReadAllText(Path.Combine(directory, "presence.json")), text => !text.Contains("1080")));
                // Now it works through the REST API only.
                await between.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
                await between.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));
            }

            await using var server = await StartIn(directory, time);
            // Let the start-up count run its trip through the loop before looking.
            await server.Host.QueryAsync((engine, _) => 0);
            await server.Host.QueryAsync((engine, _) => 0);
            Assert.False(Presence(server).IsCounting(1080));
            time.Advance(TimeSpan.FromSeconds(120));
            Assert.True((await server.Host.QueryAsync((engine, _) => engine.AgentMedia(1080))).Single(m => m.MrdId == 5011).LoggedIn);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task The_not_routable_policy_keeps_the_agent_signed_in_but_out_of_routing()
    {
        var (server, time) = await Start("notRoutable");
        await using var _ = server;
        await OpenAndCloseStream(server);
        Assert.Equal(0, await Eventually(server, _ => server.Host.Streams.Streams(1080), n => n == 0));
        // The timeout starts when the monitor hears the stream went; only then may the clock move.
        Assert.True(await Eventually(server, _ => Presence(server).IsCounting(1080), counting => counting));
        time.Advance(TimeSpan.FromSeconds(60));
        var media = await Eventually(server, engine => engine.AgentMedia(1080).Single(m => m.MrdId == 5011), m => !m.Routable);
        Assert.Equal((AgentState.NOT_ACTIVE, false), (media.State, media.Routable));
    }

    [Fact]
    public async Task A_desktop_that_reconnects_in_time_keeps_the_agent_signed_in()
    {
        var (server, time) = await Start("logout");
        await using var _ = server;
        await OpenAndCloseStream(server);
        Assert.Equal(0, await Eventually(server, _ => server.Host.Streams.Streams(1080), n => n == 0));
        // The timeout starts when the monitor hears the stream went; only then may the clock move.
        Assert.True(await Eventually(server, _ => Presence(server).IsCounting(1080), counting => counting));
        time.Advance(TimeSpan.FromSeconds(30));
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1080/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1080:lab")));
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await Eventually(server, _ => server.Host.Streams.Streams(1080), n => n == 1);
        time.Advance(TimeSpan.FromSeconds(120));
        await server.Host.QueryAsync((_, _) => 0);
        Assert.True((await server.Host.QueryAsync((engine, _) => engine.AgentMedia(1080))).Single(m => m.MrdId == 5011).LoggedIn);
    }

    private static async Task<(HttpClient Client, HttpResponseMessage Response, StreamReader Reader)> OpenStream(TestServer server, string user, int loginId)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server.Client.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/agents/{loginId}/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:lab")));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        Assert.Equal("event: hello", await reader.ReadLineAsync(ct));
        return (client, response, reader);
    }

    [Fact]
    public async Task A_supervisor_watching_an_agent_does_not_keep_the_agent_present()
    {
        var (server, time) = await Start("logout");
        await using var _ = server;
        var (client, response, reader) = await OpenStream(server, "sup1", 1080);
        using (client)
        using (response)
        using (reader)
        {
            Assert.Equal(0, server.Host.Streams.Streams(1080));
            await OpenAndCloseStream(server);
            Assert.True(await Eventually(server, _ => Presence(server).IsCounting(1080), counting => counting));
            time.Advance(TimeSpan.FromSeconds(60));
            var state = await Eventually(server, engine => engine.AgentMedia(1080).Single(m => m.MrdId == 5011).State, s => s == AgentState.LOGOUT);
            Assert.Equal(AgentState.LOGOUT, state);
        }
    }

    [Fact]
    public async Task An_idle_event_stream_sends_a_keep_alive_comment_every_fifteen_seconds()
    {
        var (server, time) = await Start("logout");
        await using var _ = server;
        var ct = TestContext.Current.CancellationToken;
        var (client, response, reader) = await OpenStream(server, "1080", 1080);
        using (client)
        using (response)
        using (reader)
        {
            Assert.StartsWith("data: ", await reader.ReadLineAsync(ct));
            Assert.Equal("", await reader.ReadLineAsync(ct));
            var next = reader.ReadLineAsync(ct).AsTask();
            // The stream waits on the server's clock: the comment comes only once it has moved 15 s.
            for (var i = 0; i < 100 && !next.IsCompleted; i++)
            {
                time.Advance(TimeSpan.FromSeconds(15));
                await Task.WhenAny(next, server.Host.QueryAsync((_, _) => 0));
            }
            Assert.Equal(": keep-alive", await next);
        }
    }

    [Fact]
    public async Task A_stopping_server_ends_its_event_streams_instead_of_waiting_for_them()
    {
        var (server, _) = await Start("logout");
        var ct = TestContext.Current.CancellationToken;
        var (client, response, reader) = await OpenStream(server, "1080", 1080);
        using (client)
        using (response)
        using (reader)
        {
            var stopping = server.App.StopAsync(ct);
            // Read to the end: the stream ends because the server ended it, well before the 30 s a
            // stream left open would hold the stop.
            var rest = reader.ReadToEndAsync(ct);
            Assert.Same(rest, await Task.WhenAny(rest, Task.Delay(TimeSpan.FromSeconds(20), ct)));
            await stopping;
        }
        await server.DisposeAsync();
    }

    [Fact]
    public async Task The_event_stream_of_an_agent_that_does_not_exist_is_404()
    {
        var (server, _) = await Start("logout");
        await using var _ = server;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/99999/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:lab")));
        var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
