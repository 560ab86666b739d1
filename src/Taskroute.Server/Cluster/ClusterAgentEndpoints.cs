using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Taskroute.Cluster;
using Taskroute.Core.Commands;
using Taskroute.Core.Flow;
using Taskroute.Server.Accounts;
using Taskroute.Server.Api;
using Taskroute.Server.Api.Agents;
using Taskroute.Storage;

namespace Taskroute.Server.Cluster;

/// <summary>
/// The agent API of a cluster's front end, under <c>/domains/{domain}/</c>: the same routes, bodies,
/// answers and access rules as a single server's (<see cref="AgentEndpoints"/>), each request
/// forwarded to the domain's grain, which builds the answer with the single server's views.
/// </summary>
internal static class ClusterAgentEndpoints
{
    public static void MapClusterAgents(this RouteGroupBuilder domain)
    {
        domain.MapGet("/api/v1/agents/{loginId:int}", async (string domain, int loginId, HttpRequest request, DomainDirectory directory, IGrainFactory grains) =>
        {
            if (await RefuseAsync(domain, loginId, request, directory, act: false) is { } refused) return refused;
            return await Grain(grains, domain).AgentResource(loginId) is { } json ? Json(json) : NoAgent(loginId);
        });

        domain.MapGet("/api/v1/agents/{loginId:int}/dialogs", async (string domain, int loginId, HttpRequest request, DomainDirectory directory, IGrainFactory grains) =>
        {
            if (await RefuseAsync(domain, loginId, request, directory, act: false) is { } refused) return refused;
            return await Grain(grains, domain).DialogResources(loginId) is { } json ? Json(json) : NoAgent(loginId);
        });

        domain.MapPut("/api/v1/agents/{loginId:int}/media/{mrdId:int}", async (string domain, int loginId, int mrdId, HttpRequest request, DomainDirectory directory, IGrainFactory grains) =>
        {
            var (refused, account) = await SignInAsync(domain, request, directory);
            if (refused is not null) return refused;
            if (AgentAccess.Denial(account!, loginId, act: true, supervisorMay: true) is { } why) return Forbidden(why);
            var (change, unreadable) = await JsonRequest.ReadAsync(request, AgentJson.Default.MediaChange, request.HttpContext.RequestAborted);
            if (change is null) return unreadable!;
            if (AgentAccess.SignInDenial(account!, loginId, change.State) is { } signIn) return Forbidden(signIn);
            if (!MediaCommands.TryBuild(loginId, mrdId, change, out var commands, out var invalid)) return Invalid(invalid.Field, invalid.Expected);
            // Stamped with time 0: the grain gives every command of the change its own clock's now.
            var answer = await Grain(grains, domain).ChangeMedia(loginId, [.. commands.Select(make => CommandCodec.Encode(make(0)))]);
            return answer.Succeeded ? answer.Resource is { } json ? Json(json) : NoAgent(loginId) : Refused(answer);
        });

        domain.MapGet("/api/v1/dialogs/{dialogId}", async (string domain, string dialogId, HttpRequest request, DomainDirectory directory, IGrainFactory grains) =>
        {
            var (unknown, account) = await SignInAsync(domain, request, directory);
            if (unknown is not null) return unknown;
            if (await Grain(grains, domain).DialogResource(dialogId) is not { } dialog || AgentAccess.HidesDialog(account!, dialog.LoginId)) return NoDialog(dialogId);
            return AgentAccess.Denial(account!, dialog.LoginId, act: false) is { } why ? Forbidden(why) : Json(dialog.Json);
        });

        // Where the cluster's front end first took dialog steps; the agent in the path must hold the dialog.
        domain.MapPut("/api/v1/agents/{loginId:int}/dialogs/{dialogId}", (string domain, int loginId, string dialogId, HttpRequest request, DomainDirectory directory, IGrainFactory grains) =>
            ActOnDialog(domain, dialogId, loginId, request, directory, grains));
        domain.MapPut("/api/v1/dialogs/{dialogId}", (string domain, string dialogId, HttpRequest request, DomainDirectory directory, IGrainFactory grains) =>
            ActOnDialog(domain, dialogId, null, request, directory, grains));
    }

    private static async Task<IResult> ActOnDialog(string domain, string dialogId, int? agentInPath, HttpRequest request, DomainDirectory directory, IGrainFactory grains)
    {
        var (unknown, account) = await SignInAsync(domain, request, directory);
        if (unknown is not null) return unknown;
        var (change, unreadable) = await JsonRequest.ReadAsync(request, AgentJson.Default.DialogChange, request.HttpContext.RequestAborted);
        if (change is null) return unreadable!;
        if (!DialogStep.TryRead(dialogId, change.Action, change.Disposition, change.ScriptSelector, out var step, out var invalid))
            return invalid.Expected is null ? NoDialog(dialogId) : Invalid(invalid.Field, invalid.Expected);
        var grain = Grain(grains, domain);
        // Whose dialog it is decides who may act on it; the step names that agent, and the domain
        // refuses it if the dialog has moved to another agent meanwhile.
        if (await grain.DialogResource(dialogId) is not { } dialog || agentInPath is { } named && named != dialog.LoginId || AgentAccess.HidesDialog(account!, dialog.LoginId)) return NoDialog(dialogId);
        if (AgentAccess.Denial(account!, dialog.LoginId, act: true) is { } why) return Forbidden(why);
        var answer = await grain.ActOnDialog(CommandCodec.Encode(new ActOnDialog(0, dialog.LoginId, step.DialogId, step.Action, step.Disposition, step.ScriptSelector)));
        return answer.Succeeded && answer.Resource is { } json ? Json(json) : Refused(answer);
    }

    private static IRoutingDomainGrain Grain(IGrainFactory grains, string domain) => grains.GetGrain<IRoutingDomainGrain>(domain);

    // The grain wrote the single server's JSON; it goes out as it came.
    private static IResult Json(string json) => Results.Content(json, "application/json", Encoding.UTF8);

    /// <summary>An agent's refused request in the words and status codes a single server answers with (409 for a step out of sequence, 404 for what is not there).</summary>
    public static IResult Refused(DomainAnswer answer) =>
        Enum.TryParse<ArmStatus>(answer.Status, out var status)
            ? ArmProblem.From(new Core.Engine.CommandResult(status, answer.Detail))
            : Results.Problem(statusCode: 400, title: answer.Status, detail: answer.Detail);

    // The account the request signs in with over HTTP Basic, or the answer refusing it. Awaited, not
    // waited on: a password check may queue behind others (PBKDF2, a few at a time), and a request
    // thread blocked meanwhile is one the pool cannot give to anything else.
    internal static async Task<(IResult? Refused, Account? Account)> SignInAsync(string domain, HttpRequest request, DomainDirectory directory)
    {
        if (!directory.TryGet(domain, out _, out var accounts)) return (ClusterEndpoints.NoDomain(domain), null);
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Scheme != "Basic" || header.Parameter is null)
            return (Challenge(request, "agents sign in with HTTP Basic: login id and password"), null);
        string user, password;
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return (Challenge(request, "the Basic credentials have no colon"), null);
            (user, password) = (pair[..colon], pair[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (Challenge(request, "the Basic credentials are not base64"), null);
        }
        var from = request.HttpContext.Connection.RemoteIpAddress is { } address ? Api.FeedKeyThrottle.ClientOf(address) : null;
        var answer = await accounts.AnswerAsync(user, password, from);
        if (answer.Account is { } account) return (null, account);
        var refusal = answer.Refusal;
        // An address that spent its failed checks is slowed down, as on a single server.
        if (answer is { TooMany: true, TryAgainIn: { } wait })
        {
            request.HttpContext.Response.Headers.RetryAfter = SignInLockout.RetryAfter(wait);
            return (Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "too many sign-ins", detail: refusal), null);
        }
        // A locked-out user is told when to try again, as on a single server.
        if (accounts.Lockout?.Remaining(SignInLockout.Key(user, from)) is { } left)
            request.HttpContext.Response.Headers.RetryAfter = SignInLockout.RetryAfter(left);
        return (Challenge(request, refusal ?? AccountStore.WrongPassword), null);
    }

    // The agent itself, its supervisor (reading; changing states where allowed) or an administrator, as on a single server.
    internal static async Task<IResult?> RefuseAsync(string domain, int loginId, HttpRequest request, DomainDirectory directory, bool act, bool supervisorMay = false)
    {
        var (refused, account) = await SignInAsync(domain, request, directory);
        if (refused is not null) return refused;
        return AgentAccess.Denial(account!, loginId, act, supervisorMay) is { } why ? Forbidden(why) : null;
    }

    private static IResult Challenge(HttpRequest request, string detail)
    {
        request.HttpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"taskroute\", charset=\"UTF-8\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "sign in", detail: detail);
    }

    private static IResult Forbidden(string why) => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: why);

    private static IResult NoAgent(int loginId) => ArmProblem.Of(ArmStatus.AgentNotFound, $"no agent with login id {loginId}");

    private static IResult NoDialog(string id) => ArmProblem.Of(ArmStatus.TaskNotFound, $"no dialog '{ApiText.Clip(id)}'");

    private static IResult Invalid(string field, string expected) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"must be {expected}"] });
}
