using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Taskroute.Cluster;
using Taskroute.Cluster.Membership;
using Taskroute.Core.Configuration;
using Taskroute.Core.Lab;
using Taskroute.Server.Accounts;
using Taskroute.Server.Cluster;
using Taskroute.Server.Configuration;
using Taskroute.Server.Hosting;

namespace Taskroute.Cli.Commands;

/// <summary><c>taskroute serve --cluster postgres</c>: this process becomes one silo of a cluster, with its HTTP front end.</summary>
internal static class ClusterServe
{
    public static async Task<int> Run(ServerOptions options, CancellationToken cancellationToken)
    {
        if (options.Cluster != "postgres") return Cli.Fail($"--cluster: '{options.Cluster}' is not supported; use --cluster postgres");
        if (string.IsNullOrWhiteSpace(options.Connection)) return Cli.Fail("--cluster postgres needs --connection \"Host=...;Username=...;Password=...;Database=...\"");
        if (!IPAddress.TryParse(options.AdvertisedAddress, out var advertised)) return Cli.Fail($"--advertise: '{options.AdvertisedAddress}' is not an IP address");
        if (options.SiloPort is < 1 or > 65535 || options.GatewayPort is < 1 or > 65535) return Cli.Fail("--silo-port and --gateway-port: must be 1 to 65535");
        // Both listeners would be opened on the one port, and the second fail only once the silo is joining.
        if (options.SiloPort == options.GatewayPort)
            return Cli.Fail($"--silo-port and --gateway-port: both {options.SiloPort}; give the gateway a port of its own (default {new ServerOptions().GatewayPort})");
        if (options.UrlsProblem() is { } urls) return Cli.Fail(urls);

        var domains = new Dictionary<string, RoutingConfiguration>(StringComparer.Ordinal);
        // A domain from a file signs in with that file's accounts, as a single server does; the lab's with the lab's.
        var accounts = new Dictionary<string, AccountStore>(StringComparer.Ordinal);
        foreach (var item in options.Domains.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? item : item[..equals];
            // The second would take the first's place unsaid, and with it perhaps another configuration file.
            if (domains.ContainsKey(name)) return Cli.Fail($"--domains: domain '{name}' is named twice; name each domain once");
            try
            {
                if (equals < 0)
                {
                    domains[name] = LabConfiguration.Create();
                }
                else
                {
                    var loaded = ConfigurationFile.LoadWithAccounts(item[(equals + 1)..]);
                    domains[name] = loaded.Routing;
                    accounts[name] = AccountStore.From(loaded.Accounts);
                }
            }
            catch (InvalidConfigurationException ex)
            {
                return Cli.Fail($"invalid configuration for domain {name}:" + Environment.NewLine + string.Join(Environment.NewLine, ex.Errors.Select(e => "  " + e)));
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                return Cli.Fail($"--domains: domain '{name}': cannot read {item[(equals + 1)..]}: {Cli.Why(ex)}");
            }
        }
        if (domains.Count == 0) return Cli.Fail("--domains: name at least one routing domain");
        DomainCatalog catalog;
        try
        {
            catalog = new DomainCatalog(options.Connection, domains) { SnapshotEvery = options.SnapshotEvery, Codec = new ConfigurationCodec(ConfigurationFile.ToJson, ConfigurationFile.ParseKept) };
        }
        catch (ArgumentException ex)
        {
            return Cli.Fail("--domains: " + Cli.Plain(ex));
        }
        if (await Unreachable(options, cancellationToken) is { } why) return Cli.Fail("could not start the silo: " + why);
        // The HTTP port too: a silo that fails on it after joining the cluster leaves the others
        // probing a member that is gone until they vote it dead.
        var taken = PortTaken(options.SiloPort, "--silo-port") ?? PortTaken(options.GatewayPort, "--gateway-port")
            ?? options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(url => Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Port > 0 ? PortTaken(uri.Port, "--urls") : null)
                .FirstOrDefault(clash => clash is not null);
        if (taken is not null) return Cli.Fail("could not start the silo: " + taken);

        var app = ClusterServer.Build(options, catalog, accounts, silo => silo
            .UsePostgresClustering(options.Connection)
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, "taskroute"))
            .ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or Npgsql.NpgsqlException or System.Net.Sockets.SocketException or Orleans.Runtime.OrleansException)
        {
            return Cli.Fail("could not start the silo: " + ex.Message);
        }
        Console.WriteLine($"Taskroute {Core.BuildVersion.Informational} silo of cluster '{options.ClusterId}' is listening on {string.Join(", ", app.Urls)} (silo port {options.SiloPort}, gateway port {options.GatewayPort})");
        Console.WriteLine($"Routing domains: {string.Join(", ", domains.Keys.Order(StringComparer.Ordinal))}; journals and membership in {PostgresPlace.Of(options.Connection)}");
        if (OtlpExport.Describe(Environment.GetEnvironmentVariable, traces: false) is { } otlp) Console.WriteLine(otlp);
        foreach (var warning in OtlpExport.Warnings(Environment.GetEnvironmentVariable)) Console.Error.WriteLine("taskroute: warning: " + warning);
        Console.WriteLine($"Task API: {app.Urls.FirstOrDefault()}/domains/<domain>/ccp/task/feed/<feedId> and /domains/<domain>/api/v1/tasks; agents: /domains/<domain>/api/v1/agents/<loginId>");
        Console.WriteLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>Says so when the port is already taken on this machine.</summary>
    /// <remarks>
    /// Orleans takes a silo joining at an address and port already in the cluster for that silo
    /// restarted, and tells the running one it is dead: a second silo started on a port in use
    /// would stop the healthy one instead of failing itself. The silo listens on every address, so
    /// a listener on any of them is a clash.
    /// </remarks>
    private static string? PortTaken(int port, string option)
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Any, port);
        try
        {
            probe.Start();
            return null;
        }
        catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            return $"{option} {port}: already in use on this machine (another silo?); give each silo its own ports";
        }
        finally
        {
            probe.Stop();
        }
    }

    /// <summary>Why PostgreSQL cannot be used with <c>--connection</c>, or null when a connection opens.</summary>
    /// <remarks>
    /// Orleans' membership finds out at the silo's start too, but its components each log the failure
    /// with its stack trace to the console first (four of them): a connection tried beforehand says it in one line.
    /// </remarks>
    private static async Task<string?> Unreachable(ServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(options.Connection);
            await connection.OpenAsync(cancellationToken);
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"--connection (Taskroute:Connection) is not a PostgreSQL connection string: {Cli.Plain(ex)}";
        }
        catch (Exception ex) when (StartupFailure.Explain(ex, options) is { } why)
        {
            return why;
        }
    }
}
