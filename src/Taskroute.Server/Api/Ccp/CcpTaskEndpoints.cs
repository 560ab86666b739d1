using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Taskroute.Core.Engine;
using Taskroute.Core.Commands;
using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Server.Hosting;
using Taskroute.Server.RateLimiting;

namespace Taskroute.Server.Api.Ccp;

/// <summary>
/// The CCP Task API, as Cisco documents it: submit a task to a feed (POST XML, or GET with query
/// parameters), poll its contact, cancel it. XML in, XML out, CCP's error format.
/// </summary>
public static class CcpTaskEndpoints
{
    private const string Xml = "application/xml";
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>The CORS policy of the Task API: CCP answers browsers from any origin, preflight included.</summary>
    public const string CorsPolicy = "ccp-task-api";

    /// <summary>
    /// The Task API's two roots: Cisco's task routing pages and samples use <c>/ccp/task</c>, the
    /// CCP 12.x pages <c>/ccp/rest/task</c>. A contact's URL keeps the root it was submitted on.
    /// </summary>
    private static readonly string[] Roots = ["/ccp/task", "/ccp/rest/task"];

    public static void AddCcpCors(this CorsOptions cors) => cors.AddPolicy(CorsPolicy, policy => policy
        .AllowAnyOrigin()
        .WithMethods("GET", "POST", "DELETE")
        .AllowAnyHeader()
        // Without it a browser hides the contact's URL from the page that submitted the task.
        .WithExposedHeaders("Location", "Retry-After", "Idempotent-Replayed"));

    public static IEndpointRouteBuilder MapCcpTaskApi(this IEndpointRouteBuilder app)
    {
        foreach (var root in Roots) MapRoot(app.MapGroup(root).RequireCors(CorsPolicy));
        return app;
    }

    private static void MapRoot(RouteGroupBuilder ccp)
    {
        ccp.MapPost("/feed/{feedId}", async (string feedId, HttpRequest request, EngineHost host, CancellationToken ct) =>
        {
            if (!TryFeed(host, feedId, out var feed, out var notFound)) return notFound;
            // Before the body is read: a client without the feed's key gets no parsing of its own.
            if (FeedKey.Check(feed, request) is { } refused) return KeyRefused(feed, refused);
            if (request.ContentLength > MaxBodyBytes) return Error(StatusCodes.Status413PayloadTooLarge, "Task", $"the body is larger than {MaxBodyBytes} bytes");
            await using var body = new MemoryStream();
            if (!await CopyBounded(request.Body, body, ct)) return Error(StatusCodes.Status413PayloadTooLarge, "Task", $"the body is larger than {MaxBodyBytes} bytes");
            body.Position = 0;
            if (!CcpCharset.TryRead(request.ContentType, out var charset, out var unknown)) return Error(StatusCodes.Status400BadRequest, "Content-Type", $"charset '{ApiText.Clip(unknown!)}' is not one this server reads");
            var (parsed, errors) = CcpXml.ParseTask(body, charset);
            if (parsed is null) return Errors(StatusCodes.Status400BadRequest, errors);
            // One apiError per bad field, the document's and the task's together.
            if (errors.Count > 0) return Errors(StatusCodes.Status400BadRequest, [.. errors, .. parsed.Map(feed).Errors]);
            return await Submit(host, feed, parsed, request, ct);
        }).CountedAsSubmit().DescribedAsSubmit("Creates a task from an XML <Task> document, as Cisco's CCP Task API does.");

        ccp.MapGet("/feed/{feedId}", async (string feedId, HttpRequest request, EngineHost host, CancellationToken ct) =>
        {
            if (HeadRefused(request) is { } head) return head;
            if (!TryFeed(host, feedId, out var feed, out var notFound)) return notFound;
            // As the POST form and a cluster's front end do: a client without the feed's key learns nothing of its query.
            if (FeedKey.Check(feed, request) is { } refused) return KeyRefused(feed, refused);
            var (parsed, error) = CcpTaskRequest.FromQuery(request);
            if (parsed is null) return Errors(StatusCodes.Status400BadRequest, [error!]);
            return await Submit(host, feed, parsed, request, ct);
        }).CountedAsSubmit().DescribedAsSubmit("Creates a task from query parameters (name, title, scriptSelector, variable_cv_1...), as Cisco's CCP Task API does.");

        ccp.MapGet("/contact/{contactId}", async (string contactId, HttpRequest request, EngineHost host, CancellationToken ct) =>
        {
            if (!Guid.TryParse(WithoutPathParameters(contactId), out var id)) return Error(StatusCodes.Status404NotFound, "contactId", $"'{ApiText.Clip(contactId)}' is not a contact id");
            var view = await host.QueryAsync((engine, now) => ContactView.Of(engine, id, now, host.EstimateWait), ct);
            if (view is null) return Error(StatusCodes.Status404NotFound, "contactId", $"no contact {id:N}");
            var xml = CcpXml.Contact(view.CcpStatus, view.StatusReason, ContactUrl(request, id), view.EstimatedWaitSeconds, view.TaskId, view.IcmAgentId, view.Disposition);
            return PrivateTaskAnswer.Of(Results.Content(xml, Xml, Encoding.UTF8));
        }).WithSummary("The task's status, as Cisco's CCP Task API answers it").Produces<string>(StatusCodes.Status200OK, Xml).Produces<string>(StatusCodes.Status404NotFound, Xml);

        ccp.MapDelete("/contact/{contactId}", async (string contactId, EngineHost host, CancellationToken ct) =>
        {
            if (!Guid.TryParse(WithoutPathParameters(contactId), out var id)) return Error(StatusCodes.Status404NotFound, "contactId", $"'{ApiText.Clip(contactId)}' is not a contact id");
            var result = await host.ExecuteAsync(now => new CancelTask(now, id), ct);
            return result.Status switch
            {
                ArmStatus.Success => Results.Ok(),
                ArmStatus.ContactNotFound => Error(StatusCodes.Status404NotFound, "contactId", $"no contact {id:N}"),
                _ => Error(StatusCodes.Status400BadRequest, "status", InContactUrlForm(result.Detail!, id)),
            };
        }).WithSummary("Cancels the task while it is unread or queued").Produces(StatusCodes.Status200OK)
            .Produces<string>(StatusCodes.Status400BadRequest, Xml).Produces<string>(StatusCodes.Status404NotFound, Xml);
    }

    /// <summary>
    /// The engine's words about a contact with its id as a contact URL carries it (32 hex digits), as
    /// the poll's answers name it: the engine writes ids with dashes, as the JSON API does.
    /// </summary>
    internal static string InContactUrlForm(string detail, Guid id) => detail.Replace(id.ToString("D"), id.ToString("N"), StringComparison.Ordinal);

    // The answers a CCP submit gives: 201 with the contact's URL in Location, or apiErrors in XML.
    private static RouteHandlerBuilder DescribedAsSubmit(this RouteHandlerBuilder builder, string summary) => builder
        .WithSummary(summary)
        .Produces(StatusCodes.Status201Created)
        .Produces<string>(StatusCodes.Status400BadRequest, Xml).Produces<string>(StatusCodes.Status404NotFound, Xml).Produces<string>(StatusCodes.Status413PayloadTooLarge, Xml)
        .Produces<string>(StatusCodes.Status422UnprocessableEntity, Xml).Produces<string>(StatusCodes.Status429TooManyRequests, Xml).Produces<string>(StatusCodes.Status503ServiceUnavailable, Xml);

    private static async Task<IResult> Submit(EngineHost host, TaskFeed feed, CcpTaskRequest parsed, HttpRequest request, CancellationToken ct)
    {
        if (FeedKey.Check(feed, request) is { } refused) return KeyRefused(feed, refused);
        var (data, errors) = parsed.Map(feed);
        if (data is null) return Errors(StatusCodes.Status400BadRequest, errors);
        var key = IdempotencyKeyHeader.Read(request, "ccp", feed.Id, out var keyTooLong);
        if (keyTooLong is not null) return Error(StatusCodes.Status400BadRequest, "Idempotency-Key", keyTooLong);
        // A retry under a key is answered by the loop with its first task, however full the queue is now.
        if (key is null && Tasks.TaskEndpoints.QueueFull(host, data.ScriptSelector) is not null)
            return new WithRetryAfter(Error(StatusCodes.Status429TooManyRequests, "scriptSelector", $"the queue of '{data.ScriptSelector}' is at its max tasks in queue; retry later"));
        CommandResult result;
        Guid contact;
        bool replayed;
        try
        {
            (result, contact, replayed) = await host.SubmitAsync(now => new SubmitTask(now, data), key, ct);
        }
        catch (QueueFullException)
        {
            return new WithRetryAfter(Error(StatusCodes.Status429TooManyRequests, "scriptSelector", $"the queue of '{data.ScriptSelector}' is at its max tasks in queue; retry later"));
        }
        catch (IdempotencyKeyReusedException reused)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key", reused.Message);
        }
        if (!result.Succeeded) return Error(StatusCodes.Status400BadRequest, "Task", result.Detail ?? result.Status.ToString());
        // As the JSON API says it: a retried submit got the contact its first try made.
        if (replayed) IdempotencyKeyHeader.MarkReplayed(request.HttpContext.Response);
        return Results.Created(ContactUrl(request, contact), null);
    }

    // CCP runs in a servlet container, which drops a segment's path parameters (";jsessionid=...")
    // before the application sees it; clients that carry a session in the URL send them.
    private static string WithoutPathParameters(string segment) => segment.IndexOf(';') is var at and >= 0 ? segment[..at] : segment;

    // In CCP's apiErrors, as every Task API answer: 401 for a missing or wrong key, 429 for an address that sent too many wrong ones.
    internal static IResult KeyRefused(TaskFeed feed, FeedKey.Refusal refusal) => refusal.TryAgainIn is { } wait
        ? FeedKey.SlowedDown(Error(StatusCodes.Status429TooManyRequests, "X-Api-Key", FeedKeyThrottle.TooMany(refusal.From!, wait)), wait)
        : FeedKey.Challenged(Error(StatusCodes.Status401Unauthorized, "X-Api-Key", FeedKey.Needed(feed)));

    private static bool TryFeed(EngineHost host, string feedId, out TaskFeed feed, out IResult notFound)
    {
        feed = null!;
        notFound = null!;
        if (int.TryParse(WithoutPathParameters(feedId), out var id) && host.Configuration.TaskFeeds.FirstOrDefault(f => f.Id == id) is { } found)
        {
            feed = found;
            return true;
        }
        notFound = Error(StatusCodes.Status404NotFound, "feedId", $"no task feed '{ApiText.Clip(feedId)}'");
        return false;
    }

    // The scheme a proxy says the client used (X-Forwarded-Proto) is taken only when it is one a
    // contact's URL may have: anything else would be echoed into Location.
    public static string ContactUrl(HttpRequest request, Guid contact) =>
        $"{(request.Scheme is "https" ? "https" : "http")}://{HostOf(request)}{request.PathBase}{(request.Path.StartsWithSegments("/ccp/rest") ? "/ccp/rest/task" : "/ccp/task")}/contact/{contact:N}";

    // An HTTP/1.0 client may send no Host: the contact's URL then names the address the request
    // came in on, so a client that polls the refURL it was given still reaches this server.
    private static string HostOf(HttpRequest request)
    {
        if (request.Host.HasValue) return request.Host.Value!;
        var connection = request.HttpContext.Connection;
        if (connection.LocalIpAddress is not { } address) return "localhost";
        var text = address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !address.IsIPv4MappedToIPv6
            ? $"[{text}]:{connection.LocalPort}" : $"{text}:{connection.LocalPort}";
    }

    internal static async Task<bool> CopyBounded(Stream source, Stream destination, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > MaxBodyBytes) return false;
            await destination.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return true;
    }

    /// <summary>
    /// A task feed's GET creates a task, as Cisco's form does: a HEAD (an uptime monitor, curl -I),
    /// which the server answers as a GET, must not. Null for any other request.
    /// </summary>
    internal static IResult? HeadRefused(HttpRequest request)
    {
        if (!request.HttpContext.AskedHead()) return null;
        request.HttpContext.Response.Headers.Allow = "GET, POST";
        return Error(StatusCodes.Status405MethodNotAllowed, "method", "HEAD is not allowed on a task feed: its GET form creates a task; it takes GET, POST");
    }

    internal static IResult Error(int status, string field, string message) => Errors(status, [new ApiError(field, message)]);

    internal static IResult Errors(int status, IEnumerable<ApiError> errors) =>
        Results.Content(CcpXml.Errors(errors), Xml, Encoding.UTF8, status);

    private sealed class WithRetryAfter(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
