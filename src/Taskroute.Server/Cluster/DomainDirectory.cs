using Taskroute.Cluster;
using Taskroute.Core.Configuration;
using Taskroute.Server.Accounts;

namespace Taskroute.Server.Cluster;

/// <summary>What a front end knows of the cluster's domains: their configurations and who may sign in to each.</summary>
public sealed class DomainDirectory(DomainCatalog catalog, IReadOnlyDictionary<string, AccountStore>? accounts = null)
{
    private readonly Dictionary<string, AccountStore> _accounts =
        catalog.Domains.ToDictionary(d => d.Key, d => accounts?.GetValueOrDefault(d.Key) ?? AccountStore.Lab(d.Value));

    public DomainCatalog Catalog { get; } = catalog;

    public bool TryGet(string domain, out RoutingConfiguration configuration, out AccountStore accounts)
    {
        accounts = null!;
        if (!Catalog.Domains.TryGetValue(domain, out configuration!)) return false;
        accounts = _accounts[domain];
        return true;
    }
}
