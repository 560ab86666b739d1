using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Taskroute.Core.Configuration;
using Taskroute.Core.Lab;
using Taskroute.Server.Accounts;
using Taskroute.Server.Configuration;
using Taskroute.Server.Hosting;

namespace Taskroute.Cli.Commands;

/// <summary><c>taskroute serve</c>: runs the whole system as one process, on the built-in lab unless a configuration file is given.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = $"Where to listen (default {ServerOptions.DefaultUrls})." };
        var data = new Option<string>("--data") { Description = "The data directory (default ./taskroute-data)." };
        var config = new Option<string>("--config") { Description = "A configuration file, YAML or JSON (default: the built-in lab)." };
        var storage = new Option<string>("--storage") { Description = "sqlite (default) or postgres." };
        storage.AcceptOnlyFromAmong("sqlite", "postgres");
        var connection = new Option<string>("--connection") { Description = "The PostgreSQL connection string, with --storage postgres." };
        var snapshotEvery = new Option<int?>("--snapshot-every") { Description = $"Take a snapshot of the engine every so many journaled commands, so a restart replays only what follows it (default {EngineHost.DefaultSnapshotEvery:N0}; 0: no snapshots, every restart replays the whole journal)." };
        var reportInterval = new Option<int?>("--report-interval") { Description = "Report interval length in minutes: 15 or 30 (default 30)." };
        var cluster = new Option<string?>("--cluster") { Description = "Run as one silo of an Orleans cluster: postgres (with --connection)." };
        var domains = new Option<string?>("--domains") { Description = "With --cluster: routing domains, as name or name=configuration-file, comma separated (default: lab)." };
        var clusterId = new Option<string?>("--cluster-id") { Description = "With --cluster: silos with the same id form one cluster (default taskroute)." };
        var siloPort = new Option<int?>("--silo-port") { Description = "With --cluster: the port silos talk on (default 11111; one per process on a machine)." };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "With --cluster: the port clients connect to (default 30000)." };
        var advertise = new Option<string?>("--advertise") { Description = "With --cluster: the IP address other silos reach this one at (default 127.0.0.1)." };
        var command = new Command("serve", "Run the Taskroute server (on the built-in lab when no configuration is given).")
        {
            urls, data, config, storage, connection, snapshotEvery, reportInterval, cluster, domains, clusterId, siloPort, gatewayPort, advertise,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // The ASP.NET way first (appsettings.json, Taskroute__* environment variables), then the command line.
            var options = new ServerOptions();
            new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
                .AddEnvironmentVariables()
                .Build().GetSection("Taskroute").Bind(options);
            options.Urls = parse.GetValue(urls) ?? options.Urls;
            options.DataDirectory = Path.GetFullPath(parse.GetValue(data) ?? options.DataDirectory);
            options.ConfigFile = parse.GetValue(config) ?? options.ConfigFile;
            options.Storage = parse.GetValue(storage) ?? options.Storage;
            options.Connection = parse.GetValue(connection) ?? options.Connection;
            options.ReportIntervalMinutes = parse.GetValue(reportInterval) ?? options.ReportIntervalMinutes;
            options.SnapshotEvery = parse.GetValue(snapshotEvery) ?? options.SnapshotEvery;
            options.Cluster = parse.GetValue(cluster) ?? options.Cluster;
            if (options.Cluster is not null)
            {
                options.Domains = parse.GetValue(domains) ?? options.Domains;
                options.ClusterId = parse.GetValue(clusterId) ?? options.ClusterId;
                options.SiloPort = parse.GetValue(siloPort) ?? options.SiloPort;
                options.GatewayPort = parse.GetValue(gatewayPort) ?? options.GatewayPort;
                options.AdvertisedAddress = parse.GetValue(advertise) ?? options.AdvertisedAddress;
                return await ClusterServe.Run(options, cancellationToken);
            }
            if (options.ReportIntervalMinutes is not (15 or 30))
                return Cli.Fail($"--report-interval (Taskroute:ReportIntervalMinutes): must be 15 or 30 (got {options.ReportIntervalMinutes})");
            if (options.Storage == "postgres" && string.IsNullOrWhiteSpace(options.Connection))
                return Cli.Fail("--storage postgres needs --connection \"Host=...;Username=...;Password=...;Database=...\"");
            if (options.SnapshotEvery < 0)
                return Cli.Fail($"--snapshot-every (Taskroute:SnapshotEvery): 0 or more commands (got {options.SnapshotEvery})");

            RoutingConfiguration routing;
            AccountStore? accounts = null;
            try
            {
                if (options.ConfigFile is { } file)
                {
                    var loaded = ConfigurationFile.LoadWithAccounts(file);
                    routing = loaded.Routing;
                    accounts = AccountStore.From(loaded.Accounts);
                }
                else
                {
                    routing = LabConfiguration.Create();
                }
            }
            catch (InvalidConfigurationException ex)
            {
                return Cli.Fail($"invalid configuration in {options.ConfigFile}:" + Environment.NewLine + string.Join(Environment.NewLine, ex.Errors.Select(e => "  " + e)));
            }

            var app = TaskrouteServer.Build(options, routing, accounts: accounts);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or ArgumentException)
            {
                return Cli.Fail("could not start: " + ex.Message);
            }
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var host = app.Services.GetRequiredService<EngineHost>();
            Console.WriteLine($"Taskroute is listening on {string.Join(", ", addresses)}");
            Console.WriteLine(options.ConfigFile is null
                ? "Configuration: the built-in lab (MRD 5011, skill group 5199, agent 5172 / login 1080, script selector CumulusTask, task feed 100000, agents 1080 to 1089, chat and email MRDs)"
                : $"Configuration: {Path.GetFullPath(options.ConfigFile)} ({routing.Agents.Count} agents, {routing.Mrds.Count} MRDs, {routing.ScriptSelectors.Count} script selectors)");
            var recovered = host.RestoredSnapshot is { } snapshot
                ? $"snapshot of record {snapshot:N0} restored, {host.RecoveredCommands:N0} commands after it replayed"
                : $"{host.RecoveredCommands:N0} commands replayed";
            Console.WriteLine(options.Storage == "postgres"
                ? $"Journal: PostgreSQL ({recovered})"
                : $"Data directory: {options.DataDirectory} (journal {Path.Combine(options.DataDirectory, "journal.db")}, {recovered}; snapshots in {options.SnapshotsDirectory})");
            Console.WriteLine(accounts is null
                ? $"Lab accounts (password \"{AccountStore.LabPassword}\"): agents by login id 1080 to 1089, supervisor sup1, administrator admin. Desktop: {addresses.FirstOrDefault()}/desktop, supervisor: {addresses.FirstOrDefault()}/supervisor"
                : $"Accounts: {accounts.Count} from the configuration file");
            Console.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
