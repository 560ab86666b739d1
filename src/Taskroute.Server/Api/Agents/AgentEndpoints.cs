using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Taskroute.Core.Commands;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
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

        agents.MapGet("/{loginId:int}", async (int loginId, ClaimsPrincipal user, AccountStore accounts, EngineHost host, CancellationToken ct) =>
        {
            if (Forbidden(user, accounts, loginId, act: false) is { } denied) return denied;
            var agent = await host.QueryAsync((engine, _) => AgentResources.Agent(engine, loginId), ct);
            return agent is null ? NoAgent(loginId) : JsonBody.Ok(agent, AgentJson.Default.AgentResource);
        }).WithName("GetAgent");

        agents.MapPut("/{loginId:int}/media/{mrdId:int}", async (int loginId, int mrdId, MediaChange change, ClaimsPrincipal user, AccountStore accounts, EngineHost host, CancellationToken ct) =>
        {
            if (Forbidden(user, accounts, loginId, act: true, supervisorMay: true) is { } denied) return denied;
            var interrupt = InterruptAction.Accept;
            var logout = DialogLogoutAction.Close;
            if (change.InterruptAction is { } ia && !Enum.TryParse(ia, true, out interrupt)) return Invalid("interruptAction", "ACCEPT or IGNORE");
            if (change.DialogLogoutAction is { } la && !Enum.TryParse(la, true, out logout)) return Invalid("dialogLogoutAction", "CLOSE or TRANSFER");
            if (change.ReasonCode is < 0) return Invalid("reasonCode", "0 or more");
            var state = change.State?.ToUpperInvariant();
            if (state is not (null or "LOGIN" or "READY" or "NOT_READY" or "LOGOUT")) return Invalid("state", "LOGIN, READY, NOT_READY or LOGOUT");

            // A change is all or nothing: every part that can be refused for the request's own values
            // (the limit, routable, which need the agent signed in) goes before the state change, and
            // all run in one trip through the loop.
            var commands = new List<Func<long, Command>>();
            if (state == "LOGIN") commands.Add(now => new SignIn(now, loginId, mrdId, change.MaxDialogLimit ?? 0, interrupt, logout));
            else if (change.MaxDialogLimit is { } max) commands.Add(now => new ChangeMaxTaskLimit(now, loginId, mrdId, max));
            if (change.Routable is { } routable) commands.Add(now => new SetRoutable(now, loginId, mrdId, routable));
            switch (state)
            {
                case "READY": commands.Add(now => new SetReady(now, loginId, mrdId)); break;
                case "NOT_READY": commands.Add(now => new SetReady(now, loginId, mrdId, false, change.ReasonCode ?? 0)); break;
                case "LOGOUT": commands.Add(now => new SignOut(now, loginId, mrdId, change.ReasonCode ?? 0)); break;
            }
            if (commands.Count == 0) return Invalid("state", "nothing to change: give a state, routable or maxDialogLimit");
            var result = await host.ExecuteAllAsync(commands, ct);
            if (!result.Succeeded) return ArmProblem.From(result);
            return await host.QueryAsync((engine, _) => AgentResources.Agent(engine, loginId), ct) is { } changed ? JsonBody.Ok(changed, AgentJson.Default.AgentResource) : NoAgent(loginId);
        }).WithName("ChangeMediaState");

        agents.MapGet("/{loginId:int}/dialogs", async (int loginId, ClaimsPrincipal user, AccountStore accounts, EngineHost host, CancellationToken ct) =>
        {
            if (Forbidden(user, accounts, loginId, act: false) is { } denied) return denied;
            var dialogs = await host.QueryAsync((engine, _) => engine.FindAgent(loginId) is null ? null : engine.Dialogs(loginId).Select(AgentResources.Dialog).ToList(), ct);
            return dialogs is null ? NoAgent(loginId) : JsonBody.Ok(dialogs, AgentJson.Default.ListDialogResource);
        }).WithName("GetDialogs");

        agents.MapGet("/{loginId:int}/events", (int loginId, ClaimsPrincipal user, AccountStore accounts, EngineHost host, CancellationToken ct) =>
        {
            if (Forbidden(user, accounts, loginId, act: false) is { } denied) return denied;
            var reader = host.Streams.Subscribe(loginId, out var unsubscribe);
            return new EventStreamResult(reader, unsubscribe, AgentUpdateJson.Write);
        }).WithName("AgentEvents");

        app.MapPut("/api/v1/dialogs/{dialogId}", async (string dialogId, DialogChange change, ClaimsPrincipal user, AccountStore accounts, EngineHost host, CancellationToken ct) =>
        {
            if (!IcmTaskId.TryParse(dialogId, out var id)) return NoDialog(dialogId);
            if (!Enum.TryParse<DialogAction>((change.Action ?? "").Replace("_", "", StringComparison.Ordinal), true, out var action))
                return Invalid("action", "ACCEPT, START, PAUSE, RESUME, WRAP_UP, CLOSE or TRANSFER");
            if (change.Disposition is { } code && !Enum.IsDefined((Disposition)code)) return Invalid("disposition", $"{code} is not a CCE task disposition");
            var disposition = change.Disposition is { } d ? (Disposition)d : Disposition.None;
            // Finding the dialog's agent, checking the caller may act for it, and acting: one trip through the writer loop.
            var (result, outcome) = await host.DecideAsync<IResult>(
                (engine, now) =>
                {
                    if (engine.FindDialog(id) is not { } dialog) return (null, NoDialog(dialogId));
                    if (Forbidden(user, accounts, dialog.LoginId, act: true) is { } denied) return (null, denied);
                    return (new ActOnDialog(now, dialog.LoginId, id, action, disposition, change.ScriptSelector), null);
                },
                (engine, _) => engine.FindDialog(id) is { } after ? JsonBody.Ok(AgentResources.Dialog(after), AgentJson.Default.DialogResource) : (IResult)JsonBody.Ok(new ClosedDialog(dialogId, nameof(DialogState.CLOSED)), AgentJson.Default.ClosedDialog),
                ct);
            return result.Succeeded ? outcome! : ArmProblem.From(result);
        }).RequireAuthorization().WithTags("Agents").WithName("ActOnDialog");

        return app;
    }

    private static IResult? Forbidden(ClaimsPrincipal user, AccountStore accounts, int loginId, bool act, bool supervisorMay = false)
    {
        var account = user.Identity?.Name is { } name ? accounts.Find(name) : null;
        if (account is null) return Results.Unauthorized();
        var allowed = account.Role switch
        {
            Role.Administrator => true,
            Role.Supervisor => account.Oversees(loginId) && (!act || supervisorMay),
            _ => account.AgentLoginId == loginId,
        };
        return allowed ? null : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden",
            detail: $"{account.User} may not {(act ? "act for" : "see")} agent {loginId}");
    }

    private static IResult NoAgent(int loginId) => Results.Problem(statusCode: 404, title: "E_ARM_STAT_AGENT_NOT_FOUND", detail: $"no agent with login id {loginId}");

    private static IResult NoDialog(string id) => Results.Problem(statusCode: 404, title: "E_ARM_STAT_TASK_OBJECT_NOT_FOUND", detail: $"no dialog '{(id.Length > 40 ? id[..40] : id)}'");

    private static IResult Invalid(string field, string expected) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"must be {expected}"] });
}
