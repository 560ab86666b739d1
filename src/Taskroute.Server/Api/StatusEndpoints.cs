using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Taskroute.Core.Flow;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Api;

/// <summary><c>GET /api/v1/status</c>: which build runs, and what the router holds now, per MRD.</summary>
public static class StatusEndpoints
{
    public sealed record MrdStatus(int Id, string Name, int MaxTasksPerAgent, int Queued, int AgentsSignedIn, int AgentsAvailable, int TasksHeld);

    /// <summary>The server process's memory: what a soak watches for drift.</summary>
    public sealed record ProcessStatus(long WorkingSetBytes, long GcHeapBytes, int Gen2Collections, long RetainedContacts);

    // Version: as `taskroute --version` prints it, so a monitor can tell which build answers.
    public sealed record Status(string Version, DateTimeOffset Time, IReadOnlyList<MrdStatus> Mrds, ProcessStatus Process);

    public static IEndpointRouteBuilder MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/status", async (EngineHost host, CancellationToken cancellationToken) =>
            await host.QueryAsync((engine, now) =>
            {
                var config = engine.Configuration;
                var mrds = config.Mrds.Select(m =>
                {
                    int signedIn = 0, available = 0, held = 0;
                    foreach (var agent in config.Agents)
                    {
                        var media = engine.AgentMedia(agent.Id).Single(x => x.MrdId == m.Id);
                        if (media.LoggedIn) signedIn++;
                        if (media.Availability == AgentAvailability.IcmAvailable) available++;
                        held += media.NumTasks;
                    }
                    return new MrdStatus(m.Id, m.Name, m.MaxTasksPerAgent, engine.QueuedTasks(m.Id), signedIn, available, held);
                }).ToList();
                using var self = System.Diagnostics.Process.GetCurrentProcess();
                var process = new ProcessStatus(self.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), GC.CollectionCount(2), engine.Contacts.LongCount());
                return new Status(Core.BuildVersion.Informational, DateTimeOffset.FromUnixTimeMilliseconds(now), mrds, process);
            }, cancellationToken))
            .WithName("GetStatus");
        return app;
    }
}
