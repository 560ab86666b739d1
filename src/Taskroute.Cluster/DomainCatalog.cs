using System.Text.RegularExpressions;
using Taskroute.Core.Configuration;

namespace Taskroute.Cluster;

/// <summary>
/// The routing domains a cluster runs (each a contact centre or tenant: the MRDs, skill groups and
/// agents that share agents) and the PostgreSQL database their journals live in. Every silo holds
/// the same catalog; a domain's grain may be activated on any of them.
/// </summary>
public sealed partial class DomainCatalog
{
    public DomainCatalog(string connectionString, IReadOnlyDictionary<string, RoutingConfiguration> domains)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(domains);
        foreach (var name in domains.Keys)
            if (!NamePattern().IsMatch(name))
                throw new ArgumentException($"domain '{name}': use 1 to 40 lower-case letters, digits or underscores, starting with a letter", nameof(domains));
        ConnectionString = connectionString;
        Domains = domains;
    }

    public string ConnectionString { get; }

    public IReadOnlyDictionary<string, RoutingConfiguration> Domains { get; }

    /// <summary>
    /// A domain's grain snapshots its engine every so many journaled records (0: never), so that a
    /// new activation, after a silo died or the domain moved, restores it and replays only the rest.
    /// </summary>
    public int SnapshotEvery { get; init; } = 100_000;

    /// <summary>
    /// Writes each domain's configuration beside its journal, so that a silo whose own file for the
    /// domain differs replays the journal under the configurations it was written under. Without it
    /// only this silo's own configuration can be replayed: a journal that ran under another is refused.
    /// </summary>
    public ConfigurationCodec? Codec { get; init; }

    /// <summary>
    /// Keeps each domain's configuration beside its journal, at a silo's start: a domain's grain may be
    /// activated on a silo whose <c>--domains</c> does not name it, which then runs it under what is kept.
    /// </summary>
    /// <returns>The domains whose configuration could not be kept, with why.</returns>
    public IReadOnlyList<(string Domain, string Why)> KeepConfigurations() => DomainConfigurations.KeepAll(this);

    /// <summary>The domain's journal table: one per domain, so domains never contend.</summary>
    public static string TableOf(string domain) => "taskroute_domain_" + domain;

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex NamePattern();
}
