using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;
using Taskroute.Core.Commands;
using Taskroute.Core.Flow;
using Taskroute.Core.Modules.Desktop;
using Taskroute.Core.Modules.Desktop.Resources;
using Taskroute.Server.Accounts;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Api.Agents;

/// <summary>
/// The agent API (JSON), in Finesse's terms: an agent's media states per MRD, its dialogs, the
/// actions on them, and a live event stream. Agents act only on themselves; supervisors read their
/// teams and change their agents' states; administrators do everything.
/// </summary>
public static class AgentEndpoints
{
    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/api/v1/agents").RequireAuthorization().WithTags("Agents");

        agents.MapGet("/{loginId:int}", async (int loginId, ClaimsPrincipal user, AccountStore accounts, EngineHost host, SupervisorChanges changes, CancellationToken ct) =>
        {
            if (Forbidden(user, accounts, loginId, act: false) is { } denied) return denied;
            var agent = await host.QueryAsync((engine, _) => DesktopResources.Agent(engine, loginId), ct);
            return agent is null ? NoAgent(loginId) : JsonBody.Ok(changes.With(agent), DesktopJson.Default.AgentResource);
        }).WithName("GetAgent")
            .Produces<AgentResource>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesArmProblem(StatusCodes.Status404NotFound);

        agents.MapPut("/{loginId:int}/media/{mrdId:int}", async (int loginId, int mrdId, HttpRequest request, ClaimsPrincipal user, AccountStore accounts, EngineHost host, SupervisorChanges changes, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (Forbidden(user, accounts, loginId, act: true, supervisorMay: true) is { } denied) return denied;
            var (change, unreadable) = await JsonRequest.ReadAsync(request, AgentJson.Default.MediaChange, ct);
            if (change is null) return unreadable!;
            if (accounts.Find(user.Identity?.Name ?? "") is { } account && AgentAccess.SignInDenial(account, loginId, change.State) is { } signIn)
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: signIn);
            if (!MediaCommands.TryBuild(loginId, mrdId, change, out var commands, out var invalid)) return Invalid(invalid.Field, invalid.Expected);
            var at = 0L;
            var result = await host.ExecuteAllAsync(SupervisorChanges.Timed(commands, now => at = now), ct);
            if (!result.Succeeded) return ArmProblem.From(result);
            if (accounts.Find(user.Identity?.Name ?? "") is { } actor)
            {
                changes.Record(actor, loginId, mrdId, change.State, change.ReasonCode, at);
                if (!actor.IsAgent(loginId))
                    AuditLog.AgentChanged(logs.CreateLogger(AuditLog.Category), actor.User, actor.Role.ToString().ToLowerInvariant(), loginId, mrdId, Described(change));
            }
            return await host.QueryAsync((engine, _) => DesktopResources.Agent(engine, loginId), ct) is { } changed ? JsonBody.Ok(changes.With(changed), DesktopJson.Default.AgentResource) : NoAgent(loginId);
        }).Accepts<MediaChange>("application/json").WithName("ChangeMediaState")
            .Produces<AgentResource>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesArmProblem(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithResponseDescription(StatusCodes.Status409Conflict, "The agent's state does not allow the change (CCE's reason); a LOGIN while signed in is E_ARM_STAT_AGENT_ALREADY_LOGGED_IN, and still resets the sign-in's limit and actions");

        agents.MapGet("/{loginId:int}/dialogs", async (int loginId, ClaimsPrincipal user, AccountStore accounts, EngineHost host, CancellationToken ct) =>
        {
            if (Forbidden(user, accounts, loginId, act: false) is { } denied) return denied;
            var dialogs = await host.QueryAsync((engine, _) => DesktopResources.Dialogs(engine, loginId), ct);
            return dialogs is null ? NoAgent(loginId) : JsonBody.Ok(dialogs, DesktopJson.Default.ListDialogResource);
        }).WithName("GetDialogs")
            .Produces<List<DialogResource>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesArmProblem(StatusCodes.Status404NotFound);

        agents.MapGet("/{loginId:int}/dialogs/away", (int loginId, ClaimsPrincipal user, AccountStore accounts, EngineHost host) =>
        {
            if (Forbidden(user, accounts, loginId, act: false) is { } denied) return denied;
            if (!host.Configuration.Agents.Any(a => a.LoginId == loginId)) return NoAgent(loginId);
            return Results.Ok(host.Streams.Away.Of(loginId));
        }).WithName("GetDialogsClosedWhileAway")
            .WithSummary("The agent's dialogs that closed while it had no desktop of its own open (its event stream or channel), the last 20, oldest first: "
                + "a ring-out or a sign-out put each back in the queue (requeued), or it was closed (ended) or transferred. Kept in the server's memory: a restart forgets them.")
            .Produces<List<ClosedWhileAway>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesArmProblem(StatusCodes.Status404NotFound);

        agents.MapGet("/{loginId:int}/events", (int loginId, ClaimsPrincipal user, AccountStore accounts, EngineHost host, CancellationToken ct) =>
        {
            if (Forbidden(user, accounts, loginId, act: false) is { } denied) return denied;
            if (!host.Configuration.Agents.Any(a => a.LoginId == loginId)) return NoAgent(loginId);
            var own = accounts.Find(user.Identity!.Name!)?.IsAgent(loginId) ?? false;
            var reader = host.Streams.Subscribe(loginId, own, out var unsubscribe);
            return new EventStreamResult(reader, unsubscribe, AgentUpdateJson.Write, loginId: loginId);
        }).WithName("AgentEvents")
            .ProducesEventStream(AgentStream).ProducesProblem(StatusCodes.Status403Forbidden).ProducesArmProblem(StatusCodes.Status404NotFound);

        agents.MapPost("/{loginId:int}/channel/tickets", (int loginId, ClaimsPrincipal user, AccountStore accounts, ChannelTickets tickets) =>
        {
            if (Forbidden(user, accounts, loginId, act: false) is { } denied) return denied;
            var ticket = new ChannelTicket(tickets.Issue(user.Identity!.Name!, loginId), (int)ChannelTickets.Lifetime.TotalSeconds);
            return JsonBody.Ok(ticket, AgentJson.Default.ChannelTicket);
        }).WithName("ChannelTicket")
            .Produces<ChannelTicket>().ProducesProblem(StatusCodes.Status403Forbidden);

        // Signed in with HTTP Basic on the upgrade request, or (from a browser, whose WebSocket cannot
        // send that header) with a ticket in the address.
        app.MapGet("/api/v1/agents/{loginId:int}/channel", async (HttpContext context, int loginId, ClaimsPrincipal user, AccountStore accounts, ChannelTickets tickets, EngineHost host,
            ILoggerFactory logs, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) =>
        {
            var basic = user.Identity is { IsAuthenticated: true, Name: { } name } ? accounts.Find(name) : null;
            // A browser sends Basic credentials it remembers for this server along with any page's
            // WebSocket, and CORS does not guard WebSockets: with Basic, only a page of this server
            // may open the channel. A page elsewhere needs a ticket, which it cannot read across origins.
            if (basic is not null && !SameOrigin(context.Request))
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden",
                    detail: "a page of another origin opens the agent channel with a ticket (POST /api/v1/agents/{loginId}/channel/tickets), not with Basic credentials");
            var account = basic
                ?? (context.Request.Query["ticket"] is [{ } ticket] && tickets.Redeem(ticket, loginId) is { } holder ? accounts.Find(holder) : null);
            if (account is null) return Results.Challenge();
            if (AgentAccess.Denial(account, loginId, act: false) is { } why) return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: why);
            if (!context.WebSockets.IsWebSocketRequest)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "not a WebSocket request",
                    detail: $"the agent channel is a WebSocket: connect to {(context.Request.IsHttps ? "wss" : "ws")}://{context.Request.Host}/api/v1/agents/{loginId}/channel");
            if (!host.Configuration.Agents.Any(a => a.LoginId == loginId)) return NoAgent(loginId);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            // A stopping server ends its channels at once rather than after the shutdown timeout: the
            // desktop reconnects to whichever server comes up.
            using var ends = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            await AgentChannel.RunAsync(socket, loginId, account, host, context.RequestServices.GetRequiredService<SupervisorChanges>(), logs.CreateLogger<AgentChannel>(), ends.Token);
            return Results.Empty;
        }).WithTags("Agents").WithName("AgentChannel")
            .WithSummary("The agent channel: a WebSocket carrying the agent's updates out and its dialog steps and media changes in, each answered by a reply.")
            .Produces(StatusCodes.Status101SwitchingProtocols).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesArmProblem(StatusCodes.Status404NotFound)
            .WithResponseDescription(StatusCodes.Status101SwitchingProtocols, "The WebSocket is open: JSON text messages both ways until either side closes it (docs/api.md, \"The agent channel\")")
            .WithResponseDescription(StatusCodes.Status400BadRequest, "Not a WebSocket upgrade request")
            .WithResponseDescription(StatusCodes.Status403Forbidden, "The account may not see the agent, or Basic credentials came with another origin's Origin header (a page elsewhere opens the channel with a ticket)")
            .WithParameter("ticket", ParameterLocation.Query,
                "A ticket from POST /api/v1/agents/{loginId}/channel/tickets, for a browser, whose WebSocket cannot send Basic credentials: good once, for 30 s; a used, expired or other agent's ticket is 401.",
                new OpenApiSchema { Type = JsonSchemaType.String });

        // One dialog, as Finesse's GET Dialog reads it: for its agent, the agent's supervisors and administrators.
        app.MapGet("/api/v1/dialogs/{dialogId}", async (string dialogId, ClaimsPrincipal user, AccountStore accounts, EngineHost host, CancellationToken ct) =>
        {
            if (!Core.Ids.IcmTaskId.TryParse(dialogId, out var id)) return NoDialog(dialogId);
            return await host.QueryAsync<IResult>((engine, _) =>
            {
                if (engine.FindDialog(id) is not { } dialog || HiddenFrom(user, accounts, dialog.LoginId)) return NoDialog(dialogId);
                if (Forbidden(user, accounts, dialog.LoginId, act: false) is { } denied) return denied;
                return JsonBody.Ok(DesktopResources.Dialog(engine, dialog), DesktopJson.Default.DialogResource);
            }, ct);
        }).RequireAuthorization().WithTags("Agents").WithName("GetDialog")
            .Produces<DialogResource>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesArmProblem(StatusCodes.Status404NotFound);

        app.MapPut("/api/v1/dialogs/{dialogId}", async (string dialogId, HttpRequest request, ClaimsPrincipal user, AccountStore accounts, EngineHost host, CancellationToken ct) =>
        {
            var (change, unreadable) = await JsonRequest.ReadAsync(request, AgentJson.Default.DialogChange, ct);
            if (change is null) return unreadable!;
            if (!DialogStep.TryRead(dialogId, change.Action, change.Disposition, change.ScriptSelector, out var step, out var invalid))
                return invalid.Expected is null ? NoDialog(dialogId) : Invalid(invalid.Field, invalid.Expected);
            var id = step.DialogId;
            // Finding the dialog's agent, checking the caller may act for it, and acting: one trip through the writer loop.
            var (result, outcome) = await host.DecideAsync<IResult>(
                (engine, now) =>
                {
                    if (engine.FindDialog(id) is not { } dialog || HiddenFrom(user, accounts, dialog.LoginId)) return (null, NoDialog(dialogId));
                    if (Forbidden(user, accounts, dialog.LoginId, act: true) is { } denied) return (null, denied);
                    if (DialogRules.Refusal(engine, dialog, step.Action, step.Disposition, step.ScriptSelector) is { } refused) return (null, ArmProblem.From(refused));
                    return (new ActOnDialog(now, dialog.LoginId, id, step.Action, step.Disposition, step.ScriptSelector), null);
                },
                (engine, _) => engine.FindDialog(id) is { } after ? JsonBody.Ok(DesktopResources.Dialog(engine, after), DesktopJson.Default.DialogResource) : (IResult)JsonBody.Ok(new ClosedDialog(dialogId, nameof(DialogState.CLOSED)), DesktopJson.Default.ClosedDialog),
                ct);
            return result.Succeeded ? outcome! : ArmProblem.From(result);
        }).Accepts<DialogChange>("application/json").RequireAuthorization().WithTags("Agents").WithName("ActOnDialog")
            .ProducesOneOf(StatusCodes.Status200OK, "The dialog after the step; once a step closed it (CLOSE, TRANSFER), its id and state CLOSED", typeof(DialogResource), typeof(ClosedDialog))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesArmProblem(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithResponseDescription(StatusCodes.Status409Conflict, "The dialog's state does not take the action (CCE's reason)")
            .WithResponseDescription(StatusCodes.Status429TooManyRequests, "A TRANSFER to a script selector whose MRD is at its max tasks in queue (QueueFull): the task stays with the agent; "
                + "or: the client's address is out of failed password checks (a problem without reason or code)")
            .WithResponseHeader(StatusCodes.Status429TooManyRequests, "Retry-After", "Seconds to wait before trying again (the queue, or the address's password checks).");

        return app;
    }

    private const string AgentStream =
        "Server-Sent Events that never end (a comment line `: keep-alive` after 15 s without an update): first `hello` ({\"type\":\"hello\",\"loginId\":1080}), "
        + "then `media` updates (an MRD's state, reasonCode, numTasks, maxTaskLimit, routable, availability; a ring-out's reason; pendingState) and `dialog` updates "
        + "(dialogId, state, mrdId; an offered one with the task's data, a closed one with its disposition), each as it becomes durable. "
        + "Nothing missed while away is replayed: after a reconnect read the agent and its dialogs again.";

    private static bool HiddenFrom(ClaimsPrincipal user, AccountStore accounts, int loginId) =>
        user.Identity?.Name is { } name && accounts.Find(name) is { } account && AgentAccess.HidesDialog(account, loginId);

    private static IResult? Forbidden(ClaimsPrincipal user, AccountStore accounts, int loginId, bool act, bool supervisorMay = false)
    {
        var account = user.Identity?.Name is { } name ? accounts.Find(name) : null;
        if (account is null) return Results.Unauthorized();
        return AgentAccess.Denial(account, loginId, act, supervisorMay) is { } why
            ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: why)
            : null;
    }

    // No Origin header (not a browser), or one naming this server as the request reached it.
    private static bool SameOrigin(HttpRequest request) =>
        request.Headers.Origin.ToString() is not { Length: > 0 } origin
        || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));

    private static IResult NoAgent(int loginId) => ArmProblem.Of(ArmStatus.AgentNotFound, $"no agent with login id {loginId}");

    private static IResult NoDialog(string id) => ArmProblem.Of(ArmStatus.TaskNotFound, $"no dialog '{ApiText.Clip(id)}'");

    private static IResult Invalid(string field, string expected) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"must be {expected}"] });

    // The change as asked, for the audit line: its state and reason, and what else it set.
    private static string Described(MediaChange change)
    {
        var parts = new List<string>();
        if (change.State is { } state) parts.Add(change.ReasonCode is { } reason && reason != 0 ? $"{state.ToUpperInvariant()} (reason {reason})" : state.ToUpperInvariant());
        if (change.Routable is { } routable) parts.Add(routable ? "routable" : "not routable");
        if (change.MaxDialogLimit is { } limit) parts.Add($"maxDialogLimit {limit}");
        return parts.Count == 0 ? "no change asked" : string.Join(", ", parts);
    }
}
