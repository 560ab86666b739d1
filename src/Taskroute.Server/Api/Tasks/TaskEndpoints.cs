using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Taskroute.Core.Engine;
using Taskroute.Core.Commands;
using Taskroute.Core.Flow;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Api.Tasks;

/// <summary>The JSON task API: <c>/api/v1/tasks</c>, with ProblemDetails errors, idempotency keys and ETags.</summary>
public static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTaskApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/v1/tasks").WithTags("Tasks");

        tasks.MapPost("/", async (HttpRequest request, EngineHost host, CancellationToken ct) =>
        {
            TaskSubmission? submission;
            try
            {
                submission = await JsonSerializer.DeserializeAsync(request.Body, TaskJson.Default.TaskSubmission, ct);
            }
            catch (JsonException ex)
            {
                return Problem("body", $"not a valid task: {ex.Message}");
            }
            if (submission is null) return Problem("body", "a JSON object with the task is required");

            var feeds = host.Configuration.TaskFeeds;
            var feed = submission.FeedId is { } id ? feeds.FirstOrDefault(f => f.Id == id) : feeds.FirstOrDefault();
            if (feed is null) return Results.Problem(statusCode: 404, title: "no such task feed", detail: submission.FeedId is { } f ? $"no task feed {f}" : "no task feed is configured");
            if (!FeedKey.Accepts(feed, request))
                return Results.Problem(statusCode: 401, title: "API key required", detail: $"task feed {feed.Id} needs its API key in the X-Api-Key header");

            var variables = new List<KeyValuePair<string, string>>();
            foreach (var (number, value) in submission.CallVariables ?? [])
                variables.Add(new(int.TryParse(number, out var n) ? $"cv_{n}" : $"callVariables.{number}", value));
            foreach (var (name, value) in submission.EccVariables ?? []) variables.Add(new("user_" + name, value));

            var (data, errors) = TaskRequestMapper.Map(feed, submission.Name, submission.Title, submission.Description, submission.ScriptSelector,
                submission.RequeueOnRecovery, submission.MediaType, submission.Tags ?? [], variables, submission.Priority ?? 0);
            if (data is null) return Results.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));

            if (QueueFull(host, data.ScriptSelector) is { } full) return full;
            var key = request.Headers["Idempotency-Key"].ToString();
            CommandResult result;
            Guid contact;
            TaskResource? resource;
            try
            {
                (result, contact, resource) = await host.SubmitAsync(now => new SubmitTask(now, data), string.IsNullOrEmpty(key) ? null : "api:" + key,
                    (engine, now, id) => ContactView.Of(engine, id, now, host.EstimateWait) is { } view ? TaskResource.From(view) : null, ct);
            }
            catch (QueueFullException queueFull)
            {
                return new RetryLater(StatusCodes.Status429TooManyRequests, queueFull.Message);
            }
            if (!result.Succeeded) return Problem("task", result.Detail ?? result.Status.ToString());
            return resource is null ? Results.Created($"/api/v1/tasks/{contact:D}", null) : JsonBody.Created($"/api/v1/tasks/{contact:D}", resource, TaskJson.Default.TaskResource);
        }).WithName("SubmitTask");

        tasks.MapGet("/{id}", async (string id, HttpRequest request, HttpResponse response, EngineHost host, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var contact)) return NotFound(id);
            if (await Read(host, contact, ct) is not { } resource) return NotFound(id);
            response.Headers.ETag = resource.ETag;
            if (request.Headers.IfNoneMatch.ToString() == resource.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
            return JsonBody.Ok(resource, TaskJson.Default.TaskResource);
        }).WithName("GetTask");

        tasks.MapDelete("/{id}", async (string id, EngineHost host, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var contact)) return NotFound(id);
            var result = await host.ExecuteAsync(now => new CancelTask(now, contact), ct);
            return result.Status switch
            {
                ArmStatus.Success => Results.Ok(await Read(host, contact, ct)),
                ArmStatus.ContactNotFound => NotFound(id),
                _ => Results.Problem(statusCode: 409, title: "the task cannot be cancelled now", detail: result.Detail),
            };
        }).WithName("CancelTask");

        tasks.MapGet("/", async (string? status, int? page, int? pageSize, EngineHost host, CancellationToken ct) =>
        {
            var size = Math.Clamp(pageSize ?? 50, 1, 500);
            var number = Math.Max(page ?? 1, 1);
            string[] known = ["unread", "queued", "reserved", "handled", "discarded"];
            if (status is not null && !known.Contains(status)) return Problem("status", $"must be one of {string.Join(", ", known)}");
            var items = await host.QueryAsync((engine, now) => engine.Contacts
                .Select(c => ContactView.Of(engine, c.Id, now)!)
                .Where(v => status is null || v.CcpStatus == status)
                .OrderBy(v => v.CreatedAt).ThenBy(v => v.Id)
                .Skip((number - 1) * size).Take(size + 1)
                .Select(TaskResource.From).ToList(), ct);
            return Results.Ok(new { page = number, pageSize = size, hasMore = items.Count > size, items = items.Take(size) });
        }).WithName("ListTasks");

        return app;
    }

    /// <summary>A submit to a script selector whose MRD queue is at its max tasks in queue is turned away with 429, not silently dropped.</summary>
    internal static IResult? QueueFull(EngineHost host, string scriptSelector)
    {
        var config = host.Configuration;
        var selector = config.ScriptSelectors.FirstOrDefault(s => s.Name == scriptSelector);
        var mrd = selector is null ? null : config.Mrds.FirstOrDefault(m => m.Id == selector.MrdId);
        if (mrd is null || mrd.MaxTasksInQueue == 0 || host.QueuedSnapshot(mrd.Id) < mrd.MaxTasksInQueue) return null;
        return new RetryLater(StatusCodes.Status429TooManyRequests, $"MRD {mrd.Id} has {mrd.MaxTasksInQueue} tasks waiting, its max tasks in queue");
    }

    private static Task<TaskResource?> Read(EngineHost host, Guid contact, CancellationToken ct) =>
        host.QueryAsync((engine, now) => ContactView.Of(engine, contact, now, host.EstimateWait) is { } view ? TaskResource.From(view) : null, ct);

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: 404, title: "no such task", detail: $"no task '{ApiText.Clip(id)}'");

    private static IResult Problem(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>429 or 503 with Retry-After, as ProblemDetails.</summary>
    internal sealed class RetryLater(int status, string detail) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            await Results.Problem(statusCode: status, title: "over capacity", detail: detail).ExecuteAsync(httpContext);
        }
    }
}
