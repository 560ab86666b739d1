using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Taskroute.Cluster;
using Taskroute.Core.Commands;
using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Server.Api;
using Taskroute.Server.Api.Ccp;
using Taskroute.Server.Api.Tasks;
using Taskroute.Server.RateLimiting;
using Taskroute.Storage;

namespace Taskroute.Server.Cluster;

/// <summary>
/// A silo's stateless front end: the Task API (CCP XML and JSON) and the agent API for any domain,
/// under <c>/domains/{domain}/</c>, each request forwarded to that domain's grain wherever it lives.
/// </summary>
public static class ClusterEndpoints
{
    private static readonly JsonSerializerOptions Json = Api.JsonApiOptions.Apply(new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false });

    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/domains", (DomainDirectory directory) => Results.Ok(directory.Catalog.Domains.Keys.Order(StringComparer.Ordinal)));
        var domain = app.MapGroup("/domains/{domain}");
        // The Task API answers browsers on any origin, as on a single server; the rest does not.
        var ccp = domain.MapGroup("/ccp/task").RequireCors(CcpTaskEndpoints.CorsPolicy);

        ccp.MapGet("/feed/{feedId}", async (string domain, string feedId, HttpRequest request, DomainDirectory directory, IGrainFactory grains) =>
        {
            if (CcpTaskEndpoints.HeadRefused(request) is { } head) return head;
            if (CcpFeed(directory, domain, feedId, request, out var feed) is { } refused) return refused;
            var (parsed, error) = CcpTaskRequest.FromQuery(request);
            if (parsed is null) return CcpTaskEndpoints.Errors(StatusCodes.Status400BadRequest, [error!]);
            return await SubmitCcp(grains, domain, feed, parsed, request);
        }).CountedAsSubmit();

        ccp.MapPost("/feed/{feedId}", async (string domain, string feedId, HttpRequest request, DomainDirectory directory, IGrainFactory grains) =>
        {
            if (CcpFeed(directory, domain, feedId, request, out var feed) is { } refused) return refused;
            var tooLarge = CcpTaskEndpoints.Error(StatusCodes.Status413PayloadTooLarge, "Task", $"the body is larger than {CcpTaskEndpoints.MaxBodyBytes} bytes");
            if (request.ContentLength > CcpTaskEndpoints.MaxBodyBytes) return tooLarge;
            await using var body = new MemoryStream();
            if (!await CcpTaskEndpoints.CopyBounded(request.Body, body, request.HttpContext.RequestAborted)) return tooLarge;
            body.Position = 0;
            if (!CcpCharset.TryRead(request.ContentType, out var charset, out var unknown))
                return CcpTaskEndpoints.Error(StatusCodes.Status400BadRequest, "Content-Type", $"charset '{ApiText.Clip(unknown!)}' is not one this server reads");
            var (parsed, errors) = CcpXml.ParseTask(body, charset);
            if (parsed is null) return CcpTaskEndpoints.Errors(StatusCodes.Status400BadRequest, errors);
            if (errors.Count > 0) return CcpTaskEndpoints.Errors(StatusCodes.Status400BadRequest, [.. errors, .. parsed.Map(feed).Errors]);
            return await SubmitCcp(grains, domain, feed, parsed, request);
        }).CountedAsSubmit();

        domain.MapPost("/api/v1/tasks", async (string domain, HttpRequest request, DomainDirectory directory, IGrainFactory grains) =>
        {
            if (!directory.TryGet(domain, out var configuration, out _)) return NoDomain(domain);
            TaskSubmission? submission;
            try
            {
                submission = await JsonSerializer.DeserializeAsync<TaskSubmission>(request.Body, Json);
            }
            catch (JsonException ex)
            {
                return Results.Problem(statusCode: 400, title: "invalid task", detail: JsonRequest.Describe(ex));
            }
            if (submission is null) return Results.Problem(statusCode: 400, title: "invalid task", detail: "a JSON object with the task is required");
            var feed = submission.FeedId is { } f ? configuration.TaskFeeds.FirstOrDefault(t => t.Id == f) : configuration.TaskFeeds.FirstOrDefault();
            if (feed is null) return Results.Problem(statusCode: 404, title: "no such task feed", detail: $"no task feed {submission.FeedId} in domain {domain}");
            if (FeedKey.Check(feed, request) is { } refused)
                return FeedKey.JsonRefusal(feed, refused);
            var (variables, variableErrors) = TaskEndpoints.Variables(submission);
            var preferredErrors = new List<ApiError>();
            var preferred = TaskRequestMapper.PreferredAgent(configuration, submission.PreferredAgentId, preferredErrors);
            var (data, errors) = TaskRequestMapper.Map(feed, submission.Name, submission.Title, submission.Description, submission.ScriptSelector,
                submission.RequeueOnRecovery, submission.MediaType, submission.Tags ?? [], variables, submission.Priority ?? 0, preferred);
            errors.AddRange(variableErrors);
            errors.AddRange(preferredErrors);
            var key = IdempotencyKeyHeader.Read(request, "api", feed.Id, out var keyTooLong);
            if (keyTooLong is not null) errors.Add(new ApiError("Idempotency-Key", keyTooLong));
            if (data is null || errors.Count > 0) return Results.ValidationProblem(errors.GroupBy(TaskEndpoints.JsonField).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
            var grain = grains.GetGrain<IRoutingDomainGrain>(domain);
            var answer = await Submit(grain, data, key);
            if (answer.Status == DomainAnswer.Unavailable)
            {
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "domain unavailable", detail: answer.Detail);
            }
            if (answer.Status == DomainAnswer.QueueFull) return new TaskEndpoints.RetryLater(StatusCodes.Status429TooManyRequests, answer.Detail ?? answer.Status);
            if (answer.Status == DomainAnswer.KeyReused) return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused", detail: answer.Detail);
            if (!answer.Succeeded) return Results.Problem(statusCode: 400, title: answer.Status, detail: answer.Detail);
            if (answer.Replayed) IdempotencyKeyHeader.MarkReplayed(request.HttpContext.Response);
            var location = $"/domains/{domain}/api/v1/tasks/{answer.Contact:D}";
            ContactAnswer? created;
            try
            {
                created = await grain.Contact(answer.Contact);
            }
            catch (Exception) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
            {
                // The task is durable; only reading it back failed (its domain moving). A 503 here
                // would have the client submit it again.
                created = null;
            }
            // As a single server's 201 does: the tag a later If-Match or If-None-Match gives back.
            if (created is not null) request.HttpContext.Response.Headers.ETag = ClusterTaskResource.From(created).ETag;
            return created is not null
                ? Results.Created(location, ClusterTaskResource.From(created))
                : Results.Created(location, new
                {
                    id = answer.Contact,
                    detail = answer.Replayed
                        ? TaskNoLongerKept.Because
                        : "the task was taken; its domain moved before it could be read back: read it at this location",
                });
        }).CountedAsSubmit();

        domain.MapGet("/api/v1/tasks/{contactId}", async (string domain, string contactId, HttpRequest request, HttpResponse response, DomainDirectory directory, IGrainFactory grains) =>
        {
            if (!directory.TryGet(domain, out _, out _)) return NoDomain(domain);
            if (!Guid.TryParse(contactId, out var id)) return NoTask(contactId);
            return await grains.GetGrain<IRoutingDomainGrain>(domain).Contact(id) is { } contact
                ? TaskEndpoints.Answer(ClusterTaskResource.From(contact), request, response)
                : NoTask(contactId);
        });

        domain.MapGet("/api/v1/tasks", async (string domain, string? status, string? page, string? pageSize, HttpRequest request, DomainDirectory directory, IGrainFactory grains) =>
        {
            if (!directory.TryGet(domain, out _, out var accounts)) return NoDomain(domain);
            if (!accounts.IsLab)
            {
                var (unknown, account) = await ClusterAgentEndpoints.SignInAsync(domain, request, directory);
                if (unknown is not null) return unknown;
                if (TaskEndpoints.ListRefused(account!) is { } refused) return refused;
            }
            if (TaskEndpoints.UnknownListParameter(request.Query) is { } notAParameter) return notAParameter;
            if (TaskEndpoints.ListQueryProblem(status, page, pageSize, out var number, out var size) is { } invalid) return invalid;
            int[] statuses = status is null ? [] : [.. Enum.GetValues<ContactStatus>().Where(s => CcpStatusNames.Of(s) == status).Select(s => (int)s)];
            var items = await grains.GetGrain<IRoutingDomainGrain>(domain).Contacts(statuses, TaskEndpoints.ListSkip(number, size), size + 1);
            return TaskEndpoints.Page(number, size, [.. items.Select(ClusterTaskResource.From)]);
        });

        domain.MapDelete("/api/v1/tasks/{contactId}", async (string domain, string contactId, HttpRequest request, DomainDirectory directory, IGrainFactory grains) =>
        {
            if (!directory.TryGet(domain, out _, out _)) return NoDomain(domain);
            if (!Guid.TryParse(contactId, out var id)) return NoTask(contactId);
            var grain = grains.GetGrain<IRoutingDomainGrain>(domain);
            // With If-Match, the version read here is the one the domain cancels only if the task is
            // still at it, in the same turn: a change in between is refused, as on a single server.
            var ifMatch = request.Headers.IfMatch.ToString();
            DomainAnswer answer;
            if (ifMatch.Length > 0 && await grain.Contact(id) is { } current)
            {
                if (!EntityTags.Match(ifMatch, ClusterTaskResource.From(current).ETag)) return TaskEndpoints.Changed(ifMatch);
                answer = await grain.CancelIfUnchanged(id, current.Status, current.StatusChangedAt);
                if (answer.Status == DomainAnswer.Changed) return TaskEndpoints.Changed(ifMatch);
            }
            else
            {
                answer = await Execute(grain, new CancelTask(0, id));
            }
            if (answer.Status == nameof(ArmStatus.Success))
            {
                if (await grain.Contact(id) is not { } cancelled) return Results.Ok();
                var resource = ClusterTaskResource.From(cancelled);
                request.HttpContext.Response.Headers.ETag = resource.ETag;
                return JsonBody.Ok(resource, TaskJson.Default.TaskResource);
            }
            return answer.Status == nameof(ArmStatus.ContactNotFound)
                ? NoTask(contactId)
                : Results.Problem(statusCode: 409, title: "the task cannot be cancelled now", detail: answer.Detail ?? answer.Status);
        });

        ccp.MapGet("/contact/{contactId}", async (string domain, string contactId, HttpRequest request, DomainDirectory directory, IGrainFactory grains) =>
        {
            if (!directory.TryGet(domain, out _, out _)) return NoDomain(domain);
            if (!Guid.TryParse(contactId, out var id)) return CcpTaskEndpoints.Error(StatusCodes.Status404NotFound, "contactId", $"'{ApiText.Clip(contactId)}' is not a contact id");
            if (await grains.GetGrain<IRoutingDomainGrain>(domain).Contact(id) is not { } contact)
                return CcpTaskEndpoints.Error(StatusCodes.Status404NotFound, "contactId", $"no contact {id:N}");
            var xml = CcpXml.Contact(ClusterTaskResource.CcpStatus(contact), ClusterTaskResource.CcpReason(contact), $"{request.Scheme}://{request.Host}/domains/{domain}/ccp/task/contact/{id:N}", contact.EstimatedWaitSeconds,
                ClusterTaskResource.TaskId(contact), contact.AgentId != 0 ? contact.AgentId : null, contact.Disposition != 0 ? contact.Disposition : null);
            return PrivateTaskAnswer.Of(Results.Content(xml, "application/xml", Encoding.UTF8));
        });

        ccp.MapDelete("/contact/{contactId}", async (string domain, string contactId, DomainDirectory directory, IGrainFactory grains) =>
        {
            if (!directory.TryGet(domain, out _, out _)) return NoDomain(domain);
            if (!Guid.TryParse(contactId, out var id)) return CcpTaskEndpoints.Error(StatusCodes.Status404NotFound, "contactId", $"'{ApiText.Clip(contactId)}' is not a contact id");
            var answer = await Execute(grains.GetGrain<IRoutingDomainGrain>(domain), new CancelTask(0, id));
            return answer.Status switch
            {
                nameof(ArmStatus.Success) => Results.Ok(),
                nameof(ArmStatus.ContactNotFound) => CcpTaskEndpoints.Error(StatusCodes.Status404NotFound, "contactId", $"no contact {id:N}"),
                _ => CcpTaskEndpoints.Error(StatusCodes.Status400BadRequest, "status", CcpTaskEndpoints.InContactUrlForm(answer.Detail ?? answer.Status, id)),
            };
        });

        domain.MapGet("/api/v1/agents/{loginId:int}/events", async (string domain, int loginId, HttpContext http, DomainDirectory directory, IGrainFactory grains) =>
        {
            if (await ClusterAgentEndpoints.RefuseAsync(domain, loginId, http.Request, directory, act: false) is { } refused) return refused;
            await StreamUpdates(http, grains, domain, loginId);
            return Results.Empty;
        });

        domain.MapClusterAgents();
        return app;
    }

    // The feed a CCP submit names, or the answer refusing it: no such domain or feed, or no API key.
    private static IResult? CcpFeed(DomainDirectory directory, string domain, string feedId, HttpRequest request, out TaskFeed feed)
    {
        feed = null!;
        if (!directory.TryGet(domain, out var configuration, out _)) return NoDomain(domain);
        if (!int.TryParse(feedId, out var id) || configuration.TaskFeeds.FirstOrDefault(f => f.Id == id) is not { } found)
            return CcpTaskEndpoints.Error(StatusCodes.Status404NotFound, "feedId", $"no task feed '{ApiText.Clip(feedId)}' in domain {domain}");
        if (FeedKey.Check(found, request) is { } refused) return CcpTaskEndpoints.KeyRefused(found, refused);
        feed = found;
        return null;
    }

    private static async Task<IResult> SubmitCcp(IGrainFactory grains, string domain, TaskFeed feed, CcpTaskRequest parsed, HttpRequest request)
    {
        var (data, errors) = parsed.Map(feed);
        if (data is null) return CcpTaskEndpoints.Errors(StatusCodes.Status400BadRequest, errors);
        var key = IdempotencyKeyHeader.Read(request, "ccp", feed.Id, out var keyTooLong);
        if (keyTooLong is not null) return CcpTaskEndpoints.Error(StatusCodes.Status400BadRequest, "Idempotency-Key", keyTooLong);
        var answer = await Submit(grains.GetGrain<IRoutingDomainGrain>(domain), data, key);
        if (answer.Status == DomainAnswer.Unavailable)
        {
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return CcpTaskEndpoints.Error(StatusCodes.Status503ServiceUnavailable, "Task", answer.Detail ?? answer.Status);
        }
        if (answer.Status == DomainAnswer.QueueFull)
        {
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return CcpTaskEndpoints.Error(StatusCodes.Status429TooManyRequests, "scriptSelector", $"the queue of '{data.ScriptSelector}' is at its max tasks in queue; retry later");
        }
        if (answer.Status == DomainAnswer.KeyReused) return CcpTaskEndpoints.Error(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key", answer.Detail ?? answer.Status);
        if (!answer.Succeeded) return CcpTaskEndpoints.Error(StatusCodes.Status400BadRequest, "Task", answer.Detail ?? answer.Status);
        if (answer.Replayed) IdempotencyKeyHeader.MarkReplayed(request.HttpContext.Response);
        return Results.Created($"{request.Scheme}://{request.Host}/domains/{domain}/ccp/task/contact/{answer.Contact:N}", null);
    }

    // A domain's grain may be moving to another silo: a call that failed is tried again with the
    // same contact id, which this front end made for this request; DuplicateContact then means the
    // first attempt was durable after all. The idempotency key (prefixed by the API it came
    // through, as on a single server) makes a client's own retry answer its first task.
    private static async Task<DomainAnswer> Submit(IRoutingDomainGrain grain, TaskData data, string? idempotencyKey)
    {
        var encoded = CommandCodec.Encode(new SubmitTask(0, data));
        // Long enough for the cluster to vote a dead silo out and activate its domains elsewhere
        // (about 15 s with Orleans' defaults, more on a loaded machine).
        var giveUpAt = Environment.TickCount64 + (long)SubmitRetryWindow.TotalMilliseconds;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // Without a key, the grain method every version has: a domain still on a silo of the
                // version before takes submits through a rolling upgrade.
                var answer = idempotencyKey is null ? (await grain.Execute(encoded)) with { Contact = data.ContactId } : await grain.Submit(encoded, idempotencyKey);
                return answer.Status == nameof(ArmStatus.DuplicateContact) ? answer with { Status = nameof(ArmStatus.Success), Contact = data.ContactId } : answer;
            }
            catch (Exception) when (Environment.TickCount64 < giveUpAt)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50 * (attempt + 1), 1_000)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Expected while a domain cannot be reached: an answer for the client, not an error for the log.
                return new DomainAnswer(DomainAnswer.Unavailable, ClusterServer.UnavailableText, 0);
            }
        }
    }

    /// <summary>How long a submit waits out its domain moving to another silo before it answers 503.</summary>
    public static readonly TimeSpan SubmitRetryWindow = TimeSpan.FromSeconds(30);

    private static async Task<DomainAnswer> Execute(IRoutingDomainGrain grain, Command command, int retries = 0)
    {
        var encoded = CommandCodec.Encode(command);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await grain.Execute(encoded);
            }
            catch (Exception) when (attempt < retries)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * (attempt + 1)));
            }
        }
    }

    // Server-Sent Events as a single server's stream sends them (hello, then media and dialog events
    // written by the domain itself), from whichever silo holds the domain, in the order the domain
    // made them. A stream that can no longer vouch for that (the domain moved, an update went
    // missing, the desktop fell far behind) ends, saying why in a comment: a desktop reads the agent
    // afresh when it reconnects, as it does after any break.
    private static async Task StreamUpdates(HttpContext http, IGrainFactory grains, string domain, int loginId)
    {
        var services = http.RequestServices;
        var time = services.GetRequiredService<TimeProvider>();
        // A stopping silo ends its streams at once, as a single server does: the desktop reconnects to
        // another silo, and the silo's stop is not held for its shutdown timeout.
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted,
            services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping);
        var stopping = ends.Token;
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await using var subscription = await AgentUpdateSubscription.OpenAsync(grains, services.GetRequiredService<IClusterMembershipService>(), time, domain, loginId);
        try
        {
            await Write(http, "hello", $"{{\"type\":\"hello\",\"loginId\":{loginId}}}");
            using var keepAlive = new PeriodicTimer(KeepAliveEvery, time);
            var tick = keepAlive.WaitForNextTickAsync(stopping).AsTask();
            var next = subscription.Updates.WaitToReadAsync(stopping).AsTask();
            while (true)
            {
                if (await Task.WhenAny(next, tick) == tick)
                {
                    if (!await tick) break;
                    await http.Response.WriteAsync(": keep-alive\n\n", http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                    tick = keepAlive.WaitForNextTickAsync(stopping).AsTask();
                    continue;
                }
                if (!await next)
                {
                    // SSE clients skip comments: the end itself tells the desktop, the words tell whoever reads the stream.
                    await http.Response.WriteAsync($": {subscription.Ended}; reconnect and read the agent afresh\n\n", http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                    break;
                }
                while (subscription.Updates.TryRead(out var update))
                {
                    // A domain on a silo of the version before sends its own shape, under its own name.
                    if (update.Event is { } name && update.Json is { } json) await Write(http, name, json);
                    else await Write(http, "update", JsonSerializer.Serialize(update, Json));
                }
                next = subscription.Updates.WaitToReadAsync(stopping).AsTask();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The desktop went away.
        }
    }

    /// <summary>How often an idle event stream sends a comment line, so that proxies keep it open.</summary>
    private static readonly TimeSpan KeepAliveEvery = TimeSpan.FromSeconds(20);

    private static async Task Write(HttpContext http, string name, string data)
    {
        await http.Response.WriteAsync($"event: {name}\ndata: {data}\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static IResult NoTask(string id) => TaskEndpoints.NotFound(id);

    internal static IResult NoDomain(string domain) => Results.Problem(statusCode: 404, title: "no such domain", detail: $"no routing domain '{domain}' in this cluster");
}
