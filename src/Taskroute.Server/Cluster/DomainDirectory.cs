using Taskroute.Cluster;
using Taskroute.Core.Configuration;
using Taskroute.Server.Accounts;

namespace Taskroute.Server.Cluster;

/// <summary>What a front end knows of the cluster's domains: their configurations and who may sign in to each.</summary>
/// <param name="catalog">The cluster's domains.</param>
/// <param name="accounts">Who signs in to each domain configured from a file (the others are the lab's).</param>
/// <param name="lockout">Makes each domain's count of failed sign-ins on this silo.</param>
public sealed class DomainDirectory(DomainCatalog catalog, IReadOnlyDictionary<string, AccountStore>? accounts = null, Func<SignInLockout>? lockout = null)
{
    private readonly Dictionary<string, AccountStore> _accounts =
        catalog.Domains.ToDictionary(d => d.Key, d => WithLockout(accounts?.GetValueOrDefault(d.Key) ?? AccountStore.Lab(d.Value), lockout));

    private static AccountStore WithLockout(AccountStore store, Func<SignInLockout>? lockout)
    {
        store.Lockout ??= lockout?.Invoke();
        return store;
    }

    public DomainCatalog Catalog { get; } = catalog;

    public bool TryGet(string domain, out RoutingConfiguration configuration, out AccountStore accounts)
    {
        accounts = null!;
        if (!Catalog.Domains.TryGetValue(domain, out configuration!)) return false;
        accounts = _accounts[domain];
        return true;
    }
}
