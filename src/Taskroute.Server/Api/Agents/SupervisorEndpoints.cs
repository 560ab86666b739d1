using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Modules.Desktop.Resources;
using Taskroute.Core.Waiting;
using Taskroute.Server.Accounts;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Api.Agents;

/// <summary>What a supervisor watches: its team's agents by MRD and state, the queues, tasks by state; and a live stream of changes.</summary>
public static class SupervisorEndpoints
{
    public sealed record TeamAgent(int Id, int LoginId, string Name, IReadOnlyList<MediaResource> Media)
    {
        /// <summary>The tasks the agent holds, offered ones included, oldest offer first.</summary>
        public IReadOnlyList<HeldTask> Tasks { get; init; } = [];
    }

    /// <summary>
    /// A task an agent of the team holds, as a team lead needs it to help: what it is and who the
    /// customer is, its state as the agent's desktop shows it and since when, and the queue it came from.
    /// </summary>
    public sealed record HeldTask(string DialogId, string TaskId, int MrdId, string State, string Title, string Name, string? Queue, DateTimeOffset OfferedAt, DateTimeOffset StateChangedAt);

    public sealed record QueueView(int MrdId, string Name, int Queued, int? OldestWaitSeconds, int? EstimatedWaitSeconds, int AgentsSignedIn, int AgentsAvailable);

    /// <summary>
    /// A skill group or precision queue (<see cref="Kind"/> <c>skillGroup</c> or <c>precisionQueue</c>):
    /// its waiting tasks (a task in several queues counts in each), the longest wait, and its members
    /// signed in and free to take one of its tasks now (a precision queue's: agents matching any step).
    /// </summary>
    public sealed record TargetQueueView(string Kind, int Id, string Name, int MrdId, int Queued, int? OldestWaitSeconds, int? EstimatedWaitSeconds, int AgentsSignedIn, int AgentsAvailable);

    public sealed record Overview(DateTimeOffset Time, IReadOnlyList<QueueView> Queues, IReadOnlyList<TeamAgent> Agents, IReadOnlyDictionary<string, int> TasksByState)
    {
        /// <summary>Every skill group, then every precision queue, as Finesse's Queue Statistics list them.</summary>
        public IReadOnlyList<TargetQueueView> SkillGroupsAndPrecisionQueues { get; init; } = [];

        /// <summary>The configured Not Ready reasons, which a supervisor may give for its agents (empty: any code is taken).</summary>
        public IReadOnlyList<ReasonCodeResource> NotReadyReasonCodes { get; init; } = [];
    }

    public static IEndpointRouteBuilder MapSupervisorApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/supervisor").RequireAuthorization().WithTags("Supervisor");

        group.MapGet("/overview", async (ClaimsPrincipal user, AccountStore accounts, EngineHost host, string? media, CancellationToken ct) =>
        {
            if (Supervisor(user, accounts) is not { } account) return Forbidden();
            if (media is not (null or "all" or "signedIn"))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid request",
                    detail: $"media must be all (every MRD of each agent, the default) or signedIn (only the MRDs each agent is signed in to), not '{media}'");
            var signedInOnly = media == "signedIn";
            return Results.Ok(await host.QueryAsync((engine, now) => Build(engine, host, account, now, signedInOnly), ct));
        }).WithName("SupervisorOverview")
            .WithSummary("The queues, the team and its tasks. media=signedIn lists each agent's media only for the MRDs it is signed in to: a floor of a thousand agents in forty MRDs is megabytes otherwise, most of it LOGOUT.")
            .Produces<Overview>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithResponseDescription(StatusCodes.Status400BadRequest, "A media other than all or signedIn");

        group.MapGet("/events", (ClaimsPrincipal user, AccountStore accounts, EngineHost host, CancellationToken ct) =>
        {
            if (Supervisor(user, accounts) is null) return Forbidden();
            var reader = host.Streams.Watch(out var unsubscribe);
            return new EventStreamResult(reader, unsubscribe, Changed, onePerWrite: true);
        }).WithName("SupervisorEvents")
            .ProducesEventStream("Server-Sent Events that never end (a comment line `: keep-alive` after 15 s without an update): first `hello` ({\"type\":\"hello\"}), then `changed` ({\"type\":\"changed\"}) "
                + "whenever an agent's state or a queue changed, at most one per write to the journal; read the overview again on each.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static Overview Build(RoutingEngine engine, EngineHost host, Account account, long now, bool signedInOnly)
    {
        var config = engine.Configuration;
        var team = config.Agents.Where(a => account.Oversees(a.LoginId)).ToList();
        // A queue is served by every agent of its MRD, the team's or not: its rows count them all,
        // as its waiting tasks and the tasks by state do (a supervisor whose team is away still sees
        // who is taking the queue's work).
        var queues = config.Mrds.Select(m =>
        {
            var signedIn = 0;
            var available = 0;
            foreach (var agent in config.Agents)
            {
                var media = engine.AgentMedia(agent.Id).First(x => x.MrdId == m.Id);
                if (media.LoggedIn) signedIn++;
                if (media.Availability == AgentAvailability.IcmAvailable) available++;
            }
            var oldest = engine.OldestQueuedSince(m.Id);
            var selector = config.ScriptSelectors.FirstOrDefault(s => s.MrdId == m.Id)?.Name;
            var queued = engine.QueuedTasks(m.Id);
            // Nothing waiting and an agent free: a new task would be offered at once, whatever the recent service rate says.
            return new QueueView(m.Id, m.Name, queued, oldest is { } since ? (int)((now - since) / 1000) : null,
                selector is null ? null : queued == 0 && available > 0 ? 0 : host.EstimateWait(selector, now), signedIn, available);
        }).ToList();
        var groupNames = config.SkillGroups.ToDictionary(g => g.Id, g => g.Name);
        var queueNames = config.PrecisionQueues.ToDictionary(q => q.Id, q => q.Name);
        var agents = team.Select(a => new TeamAgent(a.Id, a.LoginId, a.Name, Media(DesktopResources.Agent(engine, a.LoginId)!.Media, signedInOnly))
        {
            Tasks = [.. engine.Dialogs(a.Id).OrderBy(d => d.OfferedAt).Select(d => new HeldTask(d.Id, d.TaskId.ToString(), d.MrdId, engine.ShownState(d).ToString(), d.Data.Title, d.Data.Name,
                d.PrecisionQueueId != 0 ? queueNames.GetValueOrDefault(d.PrecisionQueueId) : groupNames.GetValueOrDefault(d.SkillGroupId),
                DateTimeOffset.FromUnixTimeMilliseconds(d.OfferedAt), DateTimeOffset.FromUnixTimeMilliseconds(d.StateChangedAt)))],
        }).ToList();
        var byState = engine.Contacts.GroupBy(c => engine.TaskStateOf(c.Id)?.ToString().ToLowerInvariant() ?? "unknown")
            .ToDictionary(g => g.Key, g => g.Count());
        var figures = new List<QueueFigures>();
        engine.QueueFigures(figures);
        var targets = figures.Select(f => new TargetQueueView(
            f.PrecisionQueueId != 0 ? "precisionQueue" : "skillGroup",
            f.PrecisionQueueId != 0 ? f.PrecisionQueueId : f.SkillGroupId,
            f.PrecisionQueueId != 0 ? queueNames[f.PrecisionQueueId] : groupNames[f.SkillGroupId],
            f.MrdId, f.Queued, f.OldestSince is { } since ? (int)((now - since) / 1000) : null,
            host.EstimateWait(in f, now), f.AgentsSignedIn, f.AgentsAvailable)).ToList();
        return new Overview(DateTimeOffset.FromUnixTimeMilliseconds(now), queues, agents, byState)
        {
            SkillGroupsAndPrecisionQueues = targets,
            NotReadyReasonCodes = [.. config.NotReadyReasonCodes.Select(c => new ReasonCodeResource(c.Code, c.Label))],
        };
    }

    private static IReadOnlyList<MediaResource> Media(IReadOnlyList<MediaResource> media, bool signedInOnly) =>
        signedInOnly ? [.. media.Where(m => m.State != nameof(AgentState.LOGOUT))] : media;

    // The supervisor's page reads the whole view again on any change: the update only says so.
    private static string Changed(in FlowEvent e, System.Text.Json.Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "changed"u8);
        json.WriteEndObject();
        return "changed";
    }

    private static Account? Supervisor(ClaimsPrincipal user, AccountStore accounts) =>
        user.Identity?.Name is { } name && accounts.Find(name) is { Role: Role.Supervisor or Role.Administrator } account ? account : null;

    private static IResult Forbidden() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: "the supervisor view is for supervisors and administrators");
}
