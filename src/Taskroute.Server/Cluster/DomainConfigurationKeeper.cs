using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Taskroute.Cluster;

namespace Taskroute.Server.Cluster;

/// <summary>
/// Keeps this silo's configuration of each domain in the database before the silo joins: Orleans may
/// place a domain's grain on a silo whose <c>--domains</c> does not name it, which runs it under what is kept.
/// </summary>
internal sealed partial class DomainConfigurationKeeper(DomainCatalog catalog, ILogger<DomainConfigurationKeeper> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Each domain's activation keeps its own again on a silo that names it; /readyz says when the database is out of reach.
        foreach (var (domain, why) in catalog.KeepConfigurations()) LogNotKept(domain, why);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing domain {Domain}: its configuration could not be kept in the database at start ({Reason}); it is kept when the domain is activated on a silo that names it")]
    private partial void LogNotKept(string domain, string reason);
}
