using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Taskroute.Server.Accounts;
using Taskroute.Server.Tracing;

namespace Taskroute.Server.Api.Traces;

/// <summary>
/// <c>GET /api/v1/traces/{id}</c>: a task's journey through every module, by any of its ids; or an
/// agent's tasks in a time window. For supervisors and administrators.
/// </summary>
public static class TraceEndpoints
{
    public static IEndpointRouteBuilder MapTraceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/traces").RequireAuthorization().WithTags("Traces");

        // A catch-all, so the ctisvr form day/key/seq works with its slashes plain or escaped.
        group.MapGet("/{**id}", (string id, string? from, string? to, string? limit, ClaimsPrincipal user, AccountStore accounts, TraceStore store, TimeProvider time) =>
            Answer(Uri.UnescapeDataString(id), from, to, limit, user, accounts, store, time))
            .WithName("GetTrace")
            .WithSummary("A task's trace by SocialContact id, DialogueID or task id (day:key:seq, day/key/seq, day_key_seq); an agent's tasks with from/to.")
            .ProducesOneOf(StatusCodes.Status200OK, "A task's trace (TraceResource); for an agent's id, or agent:<id>, the tasks the router gave the agent (AgentTraceList)",
                typeof(TraceResource), typeof(AgentTraceList))
            .ProducesTraceRefusals()
            .WithParameter("limit", ParameterLocation.Query, "For an agent: at most this many reservations (200 unless given).", Limit());

        group.MapGet("/", (string? agent, string? from, string? to, string? limit, ClaimsPrincipal user, AccountStore accounts, TraceStore store, TimeProvider time) =>
            !MayTrace(user, accounts) ? Forbidden()
            : agent is null
                ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "agent required", detail: "give ?agent=<login id or ICM agent id>, with from and to (ISO 8601 or Unix milliseconds), or ask /api/v1/traces/{id} for one task")
                : Answer("agent:" + agent, from, to, limit, user, accounts, store, time))
            .WithName("ListAgentTraces")
            .WithSummary("The tasks the router gave an agent between from and to (default: the last 24 hours).")
            .Produces<AgentTraceList>()
            .ProducesTraceRefusals()
            .WithParameter("limit", ParameterLocation.Query, "At most this many reservations (200 unless given).", Limit());
        return app;
    }

    private static OpenApiSchema Limit() => new()
    {
        Type = JsonSchemaType.Integer,
        Minimum = "1",
        Maximum = TraceStore.MaxListed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Default = System.Text.Json.Nodes.JsonValue.Create(200),
    };

    private static RouteHandlerBuilder ProducesTraceRefusals(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .WithResponseDescription(StatusCodes.Status403Forbidden, "An agent asked, or the task or agent is outside the supervisor's team")
        .WithResponseDescription(StatusCodes.Status404NotFound, "No task has the id, or no agent has the login id or ICM agent id")
        .WithResponseDescription(StatusCodes.Status503ServiceUnavailable, "The trace index is catching up with the journal (retryAfterSeconds), or stopped");

    private static bool MayTrace(ClaimsPrincipal user, AccountStore accounts) =>
        user.Identity?.Name is { } name && accounts.Find(name) is { Role: Role.Supervisor or Role.Administrator };

    private static IResult OutsideTeam(int loginId) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: $"agent {loginId} is not in your team");

    private static IResult Forbidden() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: "traces are for supervisors and administrators");

    // limit is read here, not bound: a bad one gets a message, not a bare 400.
    private static IResult Answer(string id, string? from, string? to, string? limitText, ClaimsPrincipal user, AccountStore accounts, TraceStore store, TimeProvider time)
    {
        if (!MayTrace(user, accounts)) return Forbidden();
        int? limit = null;
        if (!string.IsNullOrEmpty(limitText))
        {
            if (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid limit", detail: $"limit: a whole number from 1 to {TraceStore.MaxListed} (got '{ApiText.Clip(limitText)}')");
            limit = parsed;
        }
        if (!TraceQuery.TryParseTime(from, out var since))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid time", detail: $"from: '{from}' is neither ISO 8601 nor Unix milliseconds");
        if (!TraceQuery.TryParseTime(to, out var until))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid time", detail: $"to: '{to}' is neither ISO 8601 nor Unix milliseconds");
        TraceAnswer answer;
        try
        {
            answer = TraceQuery.Answer(store, id, since, until, limit ?? 200, time.GetUtcNow());
        }
        catch (TraceIndexBehindException ex)
        {
            return ex.Stopped
                ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "index stopped", detail: ex.Message)
                : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "index catching up", detail: ex.Message,
                    extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = 2 });
        }
        // A supervisor traces its team, as it reads its reports: its agents' tasks and tasks no agent held.
        var reader = accounts.Find(user.Identity!.Name!)!;
        return answer switch
        {
            TraceAnswer.Task task when task.Trace.LoginId is { } held && !reader.Oversees(held) => OutsideTeam(held),
            TraceAnswer.Agent agent when !reader.Oversees(agent.List.LoginId) => OutsideTeam(agent.List.LoginId),
            TraceAnswer.Task task => Results.Ok(task.Trace),
            TraceAnswer.Agent agent => Results.Ok(agent.List),
            TraceAnswer.NotFound missing => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "not found", detail: missing.Detail),
            TraceAnswer.Invalid invalid => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid trace request", detail: invalid.Detail),
            _ => throw new InvalidOperationException("unknown trace answer"),
        };
    }
}
