using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Storage.Postgres;

namespace Taskroute.Cluster;

/// <summary>
/// The configurations a domain's journal ran under, kept in the database beside it. Each silo reads
/// the domain's configuration from its own file, and the files may differ (a mistake, or a rolling
/// change of the file): a journal replayed under another configuration than it was written under
/// routes differently, and changes what already happened. So a silo replays the journal under the
/// configurations it names, and changes to its own only from then on, as a journaled record.
/// </summary>
internal sealed class DomainConfigurations : IDisposable
{
    private readonly PostgresConfigurationArchive _archive;
    private readonly ConfigurationCodec? _codec;
    private readonly Dictionary<string, RoutingConfiguration> _known = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="connectionString">The cluster's database.</param>
    /// <param name="journalTable">The domain's journal table; the configurations are kept beside it.</param>
    /// <param name="own">This silo's configuration of the domain; null when this silo's <c>--domains</c> does not name it.</param>
    /// <param name="codec">How configurations are written and read back; without it only <paramref name="own"/> can be used.</param>
    public DomainConfigurations(string connectionString, string journalTable, RoutingConfiguration? own, ConfigurationCodec? codec)
    {
        _archive = new PostgresConfigurationArchive(connectionString, journalTable);
        _codec = codec;
        if (own is null) return;
        Own = own;
        OwnHash = RoutingEngine.ConfigurationHashOf(own);
        _known[OwnHash] = own;
        _archive.Keep(OwnHash, codec?.Write(own) ?? "");
    }

    /// <summary>This silo's configuration of the domain, from its own file; null when this silo does not name the domain.</summary>
    public RoutingConfiguration? Own { get; }

    /// <summary>The hash of <see cref="Own"/>.</summary>
    public string? OwnHash { get; }

    /// <summary>
    /// The configuration the journal's first record ran under. One that has none marked starts under
    /// this silo's: a new journal, or one an earlier version wrote, which kept no configuration and
    /// ran each activation under its silo's (<paramref name="assumed"/> says so, for the log). A silo
    /// that does not name the domain takes the one configuration the silos that name it kept.
    /// </summary>
    /// <exception cref="InvalidOperationException">The journal's first configuration cannot be read back here.</exception>
    public RoutingConfiguration Start(bool journalEmpty, out bool assumed)
    {
        var marked = _archive.Start();
        assumed = marked is null && !journalEmpty;
        if (marked is null)
        {
            if (OwnHash is not null) marked = _archive.MarkStart(OwnHash);
            else if (_archive.Hashes() is [var only]) marked = _archive.MarkStart(only);
            else throw new InvalidOperationException($"this silo's --domains does not name the domain, and the silos that do keep {_archive.Hashes().Count} configurations of it, none marked as its journal's: start every silo with the same --domains");
        }
        return Find(marked) ?? throw new InvalidOperationException(WhyNotFound(marked));
    }

    /// <summary>
    /// Keeps each domain's configuration of this silo, so that a silo whose <c>--domains</c> does not
    /// name a domain can still take it over; answers the domains that could not be kept, with why.
    /// </summary>
    public static IReadOnlyList<(string Domain, string Why)> KeepAll(DomainCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var failed = new List<(string, string)>();
        foreach (var (domain, configuration) in catalog.Domains)
        {
            try
            {
                using (new DomainConfigurations(catalog.ConnectionString, DomainCatalog.TableOf(domain), configuration, catalog.Codec)) { }
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or IOException)
            {
                // One domain's table (another silo creating it at the same moment, say) does not stop the others'.
                failed.Add((domain, ex.Message));
            }
        }
        return failed;
    }

    /// <summary>The configuration kept under <paramref name="hash"/>; null when it is not kept or cannot be read back here.</summary>
    public RoutingConfiguration? Find(string hash)
    {
        if (_known.TryGetValue(hash, out var known)) return known;
        if (_codec is null || _archive.Find(hash) is not { } body) return null;
        RoutingConfiguration read;
        try
        {
            read = _codec.Read(body);
        }
        catch (Exception)
        {
            // Whatever the reader throws, the configuration is not here: the caller says why, by hash.
            return null;
        }
        // Edited in the database since it was kept: it would replay the journal under something else.
        if (!string.Equals(RoutingEngine.ConfigurationHashOf(read), hash, StringComparison.OrdinalIgnoreCase)) return null;
        _known[hash] = read;
        return read;
    }

    /// <summary>Why <paramref name="hash"/> cannot be used here, in an operator's words.</summary>
    public string WhyNotFound(string hash) =>
        $"the journal ran under configuration {hash}, which is not kept in the database in a form this silo can read ({_archive.Table}); " +
        "start the silos with the same configuration file for each domain";

    public void Dispose() => _archive.Dispose();
}
