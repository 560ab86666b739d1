using Taskroute.Server.Api.Ccp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Taskroute.Core.Engine;
using Taskroute.Core.Commands;
using Taskroute.Core.Flow;
using Taskroute.Server.Accounts;
using Taskroute.Server.Hosting;
using Taskroute.Server.RateLimiting;

namespace Taskroute.Server.Api.Tasks;

/// <summary>The JSON task API: <c>/api/v1/tasks</c>, with ProblemDetails errors, idempotency keys and ETags.</summary>
public static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTaskApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/v1/tasks").WithTags("Tasks");

        tasks.MapPost("/", async (HttpRequest request, HttpResponse response, EngineHost host, CancellationToken ct) =>
        {
            var (submission, invalid) = await JsonRequest.ReadAsync(request, TaskJson.Default.TaskSubmission, ct);
            if (submission is null) return invalid!;

            var feeds = host.Configuration.TaskFeeds;
            var feed = submission.FeedId is { } id ? feeds.FirstOrDefault(f => f.Id == id) : feeds.FirstOrDefault();
            if (feed is null) return Results.Problem(statusCode: 404, title: "no such task feed", detail: submission.FeedId is { } f ? $"no task feed {f}" : "no task feed is configured");
            if (FeedKey.Check(feed, request) is { } refused)
                return FeedKey.JsonRefusal(feed, refused);

            var (variables, variableErrors) = Variables(submission);
            var preferredErrors = new List<ApiError>();
            var preferred = TaskRequestMapper.PreferredAgent(host.Configuration, submission.PreferredAgentId, preferredErrors);
            var (data, errors) = TaskRequestMapper.Map(feed, submission.Name, submission.Title, submission.Description, submission.ScriptSelector,
                submission.RequeueOnRecovery, submission.MediaType, submission.Tags ?? [], variables, submission.Priority ?? 0, preferred);
            errors.AddRange(variableErrors);
            errors.AddRange(preferredErrors);
            var key = IdempotencyKeyHeader.Read(request, "api", feed.Id, out var keyTooLong);
            if (keyTooLong is not null) errors.Add(new ApiError("Idempotency-Key", keyTooLong));
            if (data is null || errors.Count > 0)
                return Results.ValidationProblem(errors.GroupBy(JsonField).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));

            // A retry under a key is answered by the loop with its first task, however full the queue is now.
            if (key is null && QueueFull(host, data.ScriptSelector) is { } full) return full;
            CommandResult result;
            Guid contact;
            ContactView? view;
            bool replayed;
            try
            {
                // The contact's state is read on the loop; the answer is made from it here, off the loop.
                (result, contact, view, replayed) = await host.SubmitAsync(now => new SubmitTask(now, data), key,
                    (engine, now, id) => ContactView.Of(engine, id, now, host.EstimateWait), ct);
            }
            catch (QueueFullException queueFull)
            {
                return new RetryLater(StatusCodes.Status429TooManyRequests, queueFull.Message);
            }
            catch (IdempotencyKeyReusedException reused)
            {
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused", detail: reused.Message);
            }
            if (!result.Succeeded) return Problem("task", result.Detail ?? result.Status.ToString());
            var resource = view is null ? null : TaskResource.From(view);
            // A retried submit answers with the task it made the first time, and says so.
            if (replayed) IdempotencyKeyHeader.MarkReplayed(response);
            if (resource is not null) response.Headers.ETag = resource.ETag;
            if (resource is not null) return JsonBody.Created($"/api/v1/tasks/{contact:D}", resource, TaskJson.Default.TaskResource);
            return replayed
                ? JsonBody.Created($"/api/v1/tasks/{contact:D}", new TaskNoLongerKept(contact, TaskNoLongerKept.Because), TaskJson.Default.TaskNoLongerKept)
                : Results.Created($"/api/v1/tasks/{contact:D}", null);
        }).CountedAsSubmit().Accepts<TaskSubmission>("application/json")
            .Produces<TaskResource>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("SubmitTask");

        tasks.MapGet("/{id}", async (string id, HttpRequest request, HttpResponse response, EngineHost host, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var contact)) return NotFound(id);
            return await Read(host, contact, ct) is { } resource ? Answer(resource, request, response) : NotFound(id);
        }).Produces<TaskResource>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetTask");

        tasks.MapDelete("/{id}", async (string id, HttpRequest request, HttpResponse response, EngineHost host, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var contact)) return NotFound(id);
            var ifMatch = request.Headers.IfMatch.ToString();
            // If-Match is checked and the cancel run in one trip through the loop: nothing changes the task between.
            var (result, refusal) = await host.DecideAsync<IResult?>(
                (engine, now) => ifMatch.Length == 0 || View(engine, contact, now, host) is not { } current || EntityTags.Match(ifMatch, TaskResource.ETagOf(current))
                    ? (new CancelTask(now, contact), null)
                    : (null, Changed(ifMatch)),
                (_, _) => null, ct);
            if (refusal is not null) return refusal;
            if (result.Status == ArmStatus.Success && await Read(host, contact, ct) is { } cancelled)
            {
                response.Headers.ETag = cancelled.ETag;
                return JsonBody.Ok(cancelled, TaskJson.Default.TaskResource);
            }
            return result.Status switch
            {
                ArmStatus.ContactNotFound => NotFound(id),
                _ => Results.Problem(statusCode: 409, title: "the task cannot be cancelled now", detail: result.Detail),
            };
        }).Produces<TaskResource>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).WithName("CancelTask");

        tasks.MapGet("/", async (string? status, string? page, string? pageSize, HttpContext context, AccountStore accounts, EngineHost host, CancellationToken ct) =>
        {
            if (ListRefused(context, accounts) is { } refused) return refused;
            if (UnknownListParameter(context.Request.Query) is { } unknown) return unknown;
            if (ListQueryProblem(status, page, pageSize, out var number, out var size) is { } invalid) return invalid;
            // Chosen and ordered by what each contact holds; only the page's are made into views (and estimated).
            var items = await host.QueryAsync((engine, now) => engine.Contacts
                .Where(c => status is null || (CcpStatusNames.Of(c.Status) ?? "unread") == status)
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                .Skip(ListSkip(number, size)).Take(size + 1)
                .Select(c => ContactView.Of(engine, c.Id, now, host.EstimateWait)!).ToList(), ct);
            return Page(number, size, [.. items.Select(TaskResource.From)]);
        }).Produces<TaskPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).WithName("ListTasks");

        return app;
    }

    // A task is read, polled and cancelled by its id, which only its submitter was given (as CCP's
    // contact URL); the list hands out every task's id, name and variables, so on a configured server
    // it is for supervisors and administrators. The lab, whose passwords are published, lists to anyone.
    private static IResult? ListRefused(HttpContext context, AccountStore accounts)
    {
        if (accounts.IsLab) return null;
        if (context.User.Identity?.Name is not { } name || accounts.Find(name) is not { } account) return Results.Challenge();
        return ListRefused(account);
    }

    /// <summary>The list's rule for a signed-in account on a configured server (a cluster's front end too).</summary>
    internal static IResult? ListRefused(Account account) => account.Role is Role.Supervisor or Role.Administrator ? null
        : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: "the list of tasks is for supervisors and administrators; a task's submitter reads it by its id");

    /// <summary>How many tasks come before the page: past the largest list there can be, the page is empty (never a product that wraps round to the first).</summary>
    internal static int ListSkip(int number, int size) => (int)Math.Min((long)(number - 1) * size, int.MaxValue);

    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    private static readonly string[] ListParameters = ["status", "page", "pageSize"];

    // A filter the list does not have (agentId=, feedId=, a misspelt staus=) would be passed over and
    // every task answered, looking like what was asked: it is named instead.
    /// <summary>A 400 naming the first query parameter the list does not take, on one server and through a cluster's front end.</summary>
    internal static IResult? UnknownListParameter(IQueryCollection query)
    {
        foreach (var key in query.Keys)
            if (!ListParameters.Contains(key, StringComparer.OrdinalIgnoreCase))
                return Problem(ApiText.Clip(key), $"not a parameter of the task list; it takes {string.Join(", ", ListParameters)}");
        return null;
    }

    /// <summary>The list's query, checked as one server or a cluster's front end answers it: a CCP status, page (from 1) and page size (1 to 500, 50 unless given).</summary>
    internal static IResult? ListQueryProblem(string? status, string? page, string? pageSize, out int number, out int size)
    {
        size = 0;
        if (!Whole(page, 1, out number)) return Problem("page", "a page number, 1 or more");
        if (!Whole(pageSize, DefaultPageSize, out size) || size > MaxPageSize) return Problem("pageSize", $"1 to {MaxPageSize}");
        return status is not null && !CcpStatusNames.All.Contains(status) ? Problem("status", $"must be one of {string.Join(", ", CcpStatusNames.All)}") : null;
    }

    // The JSON API's own names: the call and ECC variables arrive as maps, where the CCP Task API
    // has cv_N and user_<name> variables.
    /// <summary>A JSON submission's variables in the CCP names the mapper takes (<c>cv_N</c>, <c>user_name</c>), on one server and through a cluster's front end; a null value is left out, as CCP leaves out a variable with no value.</summary>
    internal static (List<KeyValuePair<string, string>> Variables, List<ApiError> Errors) Variables(TaskSubmission submission)
    {
        var variables = new List<KeyValuePair<string, string>>();
        var errors = new List<ApiError>();
        foreach (var (number, value) in submission.CallVariables ?? [])
        {
            if (number.Length is > 0 and <= 2 && number[0] != '0' && int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                && n is >= 1 and <= TaskData.CallVariableCount)
                variables.Add(new($"cv_{n}", value));
            else
                errors.Add(new ApiError($"callVariables.{ApiText.Clip(number)}", $"call variables are numbered 1 to {TaskData.CallVariableCount}"));
        }
        foreach (var (name, value) in submission.EccVariables ?? [])
        {
            if (string.IsNullOrWhiteSpace(name)) errors.Add(new ApiError("eccVariables", "an ECC variable needs a name"));
            else if (value is not null) variables.Add(new("user_" + name, value));
        }
        return (variables, errors);
    }

    // The task's checks name fields as the CCP Task API does; the JSON API answers in its own names.
    internal static string JsonField(ApiError error) => error.Field switch
    {
        var f when f.StartsWith("cv_", StringComparison.Ordinal) => "callVariables." + f[3..],
        var f when f.StartsWith("user_", StringComparison.Ordinal) => "eccVariables." + f[5..],
        "variables" => error.Message.Contains("ECC", StringComparison.Ordinal) ? "eccVariables" : "callVariables",
        var f => f,
    };

    /// <summary>A submit to a script selector whose MRD queue is at its max tasks in queue is turned away with 429, not silently dropped.</summary>
    internal static IResult? QueueFull(EngineHost host, string scriptSelector)
    {
        var config = host.Configuration;
        var selector = config.ScriptSelectors.FirstOrDefault(s => s.Name == scriptSelector);
        var mrd = selector is null ? null : config.Mrds.FirstOrDefault(m => m.Id == selector.MrdId);
        if (mrd is null || mrd.MaxTasksInQueue == 0 || host.QueuedSnapshot(mrd.Id) < mrd.MaxTasksInQueue) return null;
        return new RetryLater(StatusCodes.Status429TooManyRequests, $"MRD {mrd.Id} has {mrd.MaxTasksInQueue} tasks waiting, its max tasks in queue");
    }

    // A query number that is absent takes its default; one that is there must be a whole number of at least 1.
    private static bool Whole(string? text, int absent, out int value)
    {
        if (string.IsNullOrEmpty(text)) { value = absent; return true; }
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= 1;
    }

    // The contact's state is read on the loop; the answer, with its maps of variables, is made off it.
    private static async Task<TaskResource?> Read(EngineHost host, Guid contact, CancellationToken ct) =>
        await host.QueryAsync((engine, now) => View(engine, contact, now, host), ct) is { } view ? TaskResource.From(view) : null;

    private static ContactView? View(RoutingEngine engine, Guid contact, long now, EngineHost host) => ContactView.Of(engine, contact, now, host.EstimateWait);

    /// <summary>A task read: its ETag, and 304 when the client's If-None-Match names it.</summary>
    internal static IResult Answer(TaskResource resource, HttpRequest request, HttpResponse response)
    {
        response.Headers.ETag = resource.ETag;
        // A 304 carries the rule too, as the copy it revalidates was given it (RFC 9110, 15.4.5).
        return PrivateTaskAnswer.Of(EntityTags.NoneMatch(request.Headers.IfNoneMatch.ToString(), resource.ETag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : JsonBody.Ok(resource, TaskJson.Default.TaskResource));
    }

    /// <summary>A page of the list: <paramref name="items"/> holds up to one more than the page, to tell whether more follow.</summary>
    internal static IResult Page(int number, int size, List<TaskResource> items) =>
        PrivateTaskAnswer.Of(Results.Ok(new TaskPage(number, size, items.Count > size, items.Count > size ? items[..size] : items)));

    /// <summary>A cancel whose If-Match no longer names the task as it is.</summary>
    internal static IResult Changed(string ifMatch) => Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "the task has changed",
        detail: $"the task's ETag is no longer {ApiText.Clip(ifMatch)}: read it again before cancelling");

    internal static IResult NotFound(string id) =>
        Results.Problem(statusCode: 404, title: "no such task", detail: $"no task '{ApiText.Clip(id)}'");

    private static IResult Problem(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>429 or 503 with Retry-After, as ProblemDetails.</summary>
    internal sealed class RetryLater(int status, string detail) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            await Results.Problem(statusCode: status, title: "over capacity", detail: detail, type: ProblemTypes.For(status)).ExecuteAsync(httpContext);
        }
    }
}
