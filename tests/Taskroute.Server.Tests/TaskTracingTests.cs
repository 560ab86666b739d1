using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Tests;

/// <summary>OpenTelemetry traces of tasks, as an exporter would receive them: a trace per task under the submitter's context, a span per phase.</summary>
public class TaskTracingTests
{
    private static async Task<HttpResponseMessage> Send(TestServer server, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1080:lab")));
        return await server.Client.SendAsync(request);
    }

    [Fact]
    public async Task A_task_gets_one_trace_joined_to_the_submitting_requests_context_with_a_span_per_phase()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 13, 55, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        var sourceName = server.App.Services.GetRequiredService<ServerOptions>().MeterName;
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName || source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        Assert.Equal(HttpStatusCode.OK, (await Send(server, HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" })).StatusCode);

        var traceId = ActivityTraceId.CreateRandom();
        using (var submit = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = JsonContent.Create(new { name = "Ann", title = "Refund", scriptSelector = "CumulusTask" }) })
        {
            submit.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            Assert.Equal(HttpStatusCode.Created, (await server.Client.SendAsync(submit)).StatusCode);
        }
        using var dialogs = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1080/dialogs");
        dialogs.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1080:lab")));
        var dialogId = (await (await server.Client.SendAsync(dialogs)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>())[0].GetProperty("id").GetString();
        foreach (var (action, seconds) in new[] { ("ACCEPT", 2), ("START", 3), ("WRAP_UP", 60), ("CLOSE", 20) })
        {
            time.Advance(TimeSpan.FromSeconds(seconds));
            Assert.Equal(HttpStatusCode.OK, (await Send(server, HttpMethod.Put, "/api/v1/dialogs/" + dialogId, new { action })).StatusCode);
        }

        var ours = stopped.Where(a => a.Source.Name == sourceName).ToList();
        var root = Assert.Single(ours, a => a.OperationName == "task");
        Assert.Equal(traceId, root.TraceId);
        Assert.Equal("handled", root.GetTagItem("taskroute.status"));
        Assert.Equal(5172, root.GetTagItem("cce.agent_id"));
        Assert.Equal(TimeSpan.FromSeconds(85), root.Duration);

        var phases = ours.Where(a => a.ParentSpanId == root.SpanId).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(["reserved", "offered", "active", "wrap-up"], phases.Select(p => p.OperationName));
        Assert.Equal([2, 3, 60, 20], phases.Select(p => p.Duration.TotalSeconds));
        Assert.All(phases, p => Assert.Equal(traceId, p.TraceId));
    }

    [Fact]
    public async Task A_task_interrupted_by_an_email_has_an_interrupted_span_between_its_active_ones()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 13, 55, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        var sourceName = server.App.Services.GetRequiredService<ServerOptions>().MeterName;
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        foreach (var mrd in new[] { 5011, 5013 })
            foreach (var state in new[] { "LOGIN", "READY" })
                Assert.Equal(HttpStatusCode.OK, (await Send(server, HttpMethod.Put, $"/api/v1/agents/1080/media/{mrd}", new { state })).StatusCode);
        async Task<string> Start(string selector)
        {
            var created = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "Ann", title = selector, scriptSelector = selector });
            var task = await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            var dialog = task.GetProperty("taskId").GetString()!.Replace(':', '_');
            Assert.Equal(HttpStatusCode.OK, (await Send(server, HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action = "START" })).StatusCode);
            return dialog;
        }

        var chat = await Start("CumulusTask");
        time.Advance(TimeSpan.FromSeconds(10));
        var email = await Start("CumulusEmail");
        time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(HttpStatusCode.OK, (await Send(server, HttpMethod.Put, "/api/v1/dialogs/" + email, new { action = "CLOSE" })).StatusCode);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await Send(server, HttpMethod.Put, "/api/v1/dialogs/" + chat, new { action = "CLOSE" })).StatusCode);

        var ours = stopped.ToList();
        var root = Assert.Single(ours, a => a.OperationName == "task" && Equals(a.GetTagItem("cce.task_id"), chat.Replace('_', ':')));
        var phases = ours.Where(a => a.ParentSpanId == root.SpanId).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(["reserved", "active", "interrupted", "active"], phases.Select(p => p.OperationName));
        Assert.Equal([0, 10, 40, 5], phases.Select(p => Math.Round(p.Duration.TotalSeconds)));
    }
}
