using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Taskroute.Core.Configuration;
using Taskroute.Core.Lab;
using Taskroute.Server.Accounts;
using Taskroute.Server.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Server.Hosting;

namespace Taskroute.Cli.Commands;

/// <summary><c>taskroute serve</c>: runs the whole system as one process, on the built-in lab unless a configuration file is given.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = $"Where to listen: http://HOST:PORT, HOST an IP address, localhost, or * for every interface; several separated by ';' (default {ServerOptions.DefaultUrls})." };
        var data = new Option<string>("--data") { Description = "The data directory (default ./taskroute-data)." };
        var config = new Option<string>("--config") { Description = "A configuration file, YAML or JSON (default: the built-in lab)." };
        // Checked with the other settings rather than by the parser: any case, and one line when wrong, as from appsettings.json.
        var storage = new Option<string>("--storage") { Description = "sqlite (default) or postgres." };
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
            if (BindSettings(options, out var settingsGiven) is { } unreadable) return Cli.Fail(unreadable);
            // A silo runs none of these: given, they would be passed over, and the silo start on the
            // built-in lab (its published passwords) or the defaults as if they had not been.
            if (!string.IsNullOrWhiteSpace(parse.GetValue(cluster) ?? options.Cluster))
            {
                (Option Option, string Key, string Instead)[] singleServerOnly =
                [
                    (config, nameof(ServerOptions.ConfigFile), "in a cluster each domain takes its configuration file from --domains name=file"),
                    (data, nameof(ServerOptions.DataDirectory), "a silo keeps nothing on disk: journals and membership are in PostgreSQL (--connection)"),
                    (storage, nameof(ServerOptions.Storage), "a cluster's journals are always in PostgreSQL (--connection)"),
                    (reportInterval, nameof(ServerOptions.ReportIntervalMinutes), "a cluster keeps no reports yet (docs/operations.md, Running a cluster)"),
                ];
                var notForSilo = singleServerOnly.Where(s => parse.GetResult(s.Option) is not null || settingsGiven.Contains(s.Key))
                    .Select(s => $"{s.Option.Name} (Taskroute:{s.Key}): not with --cluster; {s.Instead}").ToList();
                // Settings without an option of their own, which a silo would pass over as well.
                notForSilo.AddRange(new[] { nameof(ServerOptions.PresenceTimeoutSeconds), nameof(ServerOptions.PresencePolicy) }.Where(settingsGiven.Contains)
                    .Select(key => $"Taskroute:{key} (Taskroute__{key}): not with --cluster; a cluster signs out no agent for want of a desktop yet (docs/operations.md, Running a cluster)"));
                if (notForSilo.Count > 0) return Cli.Fail(string.Join(Environment.NewLine + "taskroute: ", notForSilo));
            }
            options.Urls = parse.GetValue(urls) ?? options.Urls;
            var dataDirectory = parse.GetValue(data) ?? options.DataDirectory;
            if (string.IsNullOrWhiteSpace(dataDirectory)) return Cli.Fail("--data (Taskroute:DataDirectory): a directory is needed (got an empty value); leave it out for ./taskroute-data");
            options.DataDirectory = Path.GetFullPath(dataDirectory);
            options.ConfigFile = parse.GetValue(config) ?? options.ConfigFile;
            options.Storage = parse.GetValue(storage) ?? options.Storage;
            options.Connection = parse.GetValue(connection) ?? options.Connection;
            options.ReportIntervalMinutes = parse.GetValue(reportInterval) ?? options.ReportIntervalMinutes;
            options.SnapshotEvery = parse.GetValue(snapshotEvery) ?? options.SnapshotEvery;
            options.Cluster = parse.GetValue(cluster) ?? options.Cluster;
            options.Normalize();
            // Given to a single server they would be passed over, and it would start as if they
            // had not been: the silo or the database they were meant for never comes.
            if (options.Cluster is null)
            {
                var clusterOnly = new Option[] { domains, clusterId, siloPort, gatewayPort, advertise }.Where(o => parse.GetResult(o) is not null).Select(o => o.Name).ToList();
                if (clusterOnly.Count > 0)
                    return Cli.Fail($"{string.Join(", ", clusterOnly)}: only with --cluster postgres (without it, serve runs a single server, which has no silo)");
                if ((parse.GetResult(connection) is not null || !string.IsNullOrWhiteSpace(options.Connection)) && options.Storage == "sqlite")
                    return Cli.Fail("--connection (Taskroute:Connection): only with --storage postgres or --cluster postgres (without them, the journal is SQLite in the data directory)");
            }
            if (options.Cluster is not null)
            {
                options.Domains = parse.GetValue(domains) ?? options.Domains;
                options.ClusterId = parse.GetValue(clusterId) ?? options.ClusterId;
                options.SiloPort = parse.GetValue(siloPort) ?? options.SiloPort;
                options.GatewayPort = parse.GetValue(gatewayPort) ?? options.GatewayPort;
                options.AdvertisedAddress = parse.GetValue(advertise) ?? options.AdvertisedAddress;
                return await ClusterServe.Run(options, cancellationToken);
            }
            if (options.Problems() is [_, ..] problems) return Cli.Fail(string.Join(Environment.NewLine + "taskroute: ", problems));

            RoutingConfiguration routing;
            AccountStore? accounts = null;
            IReadOnlyList<AccountConfig> fileAccounts = [];
            IReadOnlyList<Core.Configuration.ConfigurationError> weak = [];
            try
            {
                if (options.ConfigFile is { } file)
                {
                    var loaded = ConfigurationFile.LoadWithAccounts(file);
                    routing = loaded.Routing;
                    accounts = AccountStore.From(loaded.Accounts);
                    fileAccounts = loaded.Accounts;
                    weak = WeakSecrets.Find(routing, loaded.Accounts);
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
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                return Cli.Fail(Cli.CannotRead("--config", options.ConfigFile!, ex));
            }

            Microsoft.AspNetCore.Builder.WebApplication? app = null;
            try
            {
                app = TaskrouteServer.Build(options, routing, accounts: accounts);
                await app.StartAsync(cancellationToken);
            }
            catch (Exception ex) when (StartupFailure.Explain(ex, options) is { } why)
            {
                if (app is not null) await app.DisposeAsync();
                return Cli.Fail("could not start: " + why);
            }
            // As `taskroute validate` says them, in the server's log: the file still runs, as it did.
            var configurationLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Taskroute.Configuration");
            foreach (var secret in weak) configurationLog.LogWarning("{Path}: {Weakness}", secret.Path, secret.Message);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var host = app.Services.GetRequiredService<EngineHost>();
            Console.WriteLine($"Taskroute {Core.BuildVersion.Informational} is listening on {string.Join(", ", addresses)}");
            var running = host.Configuration;
            var given = options.ConfigFile is null ? "the built-in lab" : Path.GetFullPath(options.ConfigFile);
            Console.WriteLine(!ReferenceEquals(running, routing) && RoutingEngine.ConfigurationHashOf(running) != RoutingEngine.ConfigurationHashOf(routing)
                // A configuration changed while the last server ran stays when a start is given the same file as that one.
                ? $"Configuration: the one changed while the last server ran ({running.Agents.Count} agents, {running.Mrds.Count} MRDs, {running.ScriptSelectors.Count} script selectors; {Path.Combine(options.DataDirectory, ConfigurationArchive.FolderName, RoutingEngine.ConfigurationHashOf(running) + ".json")}), not {given}, which the last start was given too"
                : options.ConfigFile is null
                    ? "Configuration: the built-in lab (MRD 5011, skill group 5199, agent 5172 / login 1080, script selector CumulusTask, task feed 100000, agents 1080 to 1089, chat and email MRDs)"
                    : $"Configuration: {given} ({routing.Agents.Count} agents, {routing.Mrds.Count} MRDs, {routing.ScriptSelectors.Count} script selectors)");
            var recovered = host.RestoredSnapshot is { } snapshot
                ? $"snapshot of record {snapshot:N0} restored, {host.RecoveredCommands:N0} commands after it replayed"
                : $"{host.RecoveredCommands:N0} commands replayed";
            // Moved by Taskroute:LogsDirectory, the component logs are not where the data directory's line would have them.
            var logsMoved = options.ComponentLogs && options.LogsDirectory is not null;
            Console.WriteLine(options.Storage == "postgres"
                ? $"Journal: {PostgresPlace.Of(options.Connection)} ({recovered}); data directory {options.DataDirectory} (trace index, reports{(options.ComponentLogs && !logsMoved ? ", component logs" : "")})"
                : $"Data directory: {options.DataDirectory} (journal {Path.Combine(options.DataDirectory, "journal.db")}, {recovered}; snapshots in {options.SnapshotsDirectory})");
            if (logsMoved) Console.WriteLine($"Component logs: {Path.GetFullPath(options.ComponentLogsDirectory)} (Taskroute:LogsDirectory)");
            else if (!options.ComponentLogs) Console.WriteLine("Component logs: off (Taskroute:ComponentLogs)");
            if (OtlpExport.Describe(Environment.GetEnvironmentVariable, traces: true) is { } otlp) Console.WriteLine(otlp);
            Console.WriteLine(accounts is null
                ? $"Lab accounts (password \"{AccountStore.LabPassword}\"): agents by login id 1080 to 1089, supervisor sup1, administrator admin. Desktop: {addresses.FirstOrDefault()}/desktop, supervisor: {addresses.FirstOrDefault()}/supervisor"
                : accounts.Count == 0
                    ? "Accounts: none in the configuration file, so nobody can sign in to the agent API or the pages; add an accounts section (see docs/examples/taskroute.yaml)"
                    : $"Accounts: {accounts.Count} from the configuration file");
            // The file's accounts are checked against the file's agents; the server may run under another
            // configuration (one changed while the last server ran), where an agent account can sign in and do nothing.
            if (Unmatched(fileAccounts, host.Configuration) is { Count: > 0 } unmatched)
                Console.Error.WriteLine($"taskroute: warning: {(unmatched.Count == 1 ? "account" : "accounts")} {string.Join(", ", unmatched)} " +
                    $"{(unmatched.Count == 1 ? "names an agent" : "name agents")} the configuration the server runs under does not have: such an account can sign in but every agent request is refused; add the agent back (taskroute config apply) or take the account out of the file");
            // The lab's published passwords reach as far as the server listens.
            if (accounts is null && addresses.Any(ListensBeyondThisMachine))
                Console.Error.WriteLine("taskroute: warning: the built-in lab listens beyond this machine, and its accounts' password (\"lab\") is published: give a configuration file with accounts of your own before opening it to a network");
            foreach (var name in new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" })
                if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } endpoint && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
                    Console.Error.WriteLine($"taskroute: warning: {name} '{endpoint}' is not an absolute URL (http://HOST:4317); the collector will not be reached");
            foreach (var warning in OtlpExport.Warnings(Environment.GetEnvironmentVariable)) Console.Error.WriteLine("taskroute: warning: " + warning);
            Console.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            // Closing the databases folds each SQLite write-ahead log into its file: a copy of the
            // data directory taken after a graceful stop is then the .db files alone. Left to the
            // process's exit, the -wal files stayed, as after a crash.
            await app.DisposeAsync();
            return 0;
        });
        return command;
    }

    // Agent accounts whose login id no agent of the running configuration has, as "user (login N)".
    private static List<string> Unmatched(IReadOnlyList<AccountConfig> accounts, Core.Configuration.RoutingConfiguration running)
    {
        var logins = running.Agents.Select(a => a.LoginId).ToHashSet();
        return [.. accounts.Where(a => a.Role == "agent")
            .Select(a => (a.User, Login: a.AgentLoginId ?? (int.TryParse(a.User, out var n) ? n : 0)))
            .Where(a => !logins.Contains(a.Login))
            .Select(a => a.User == a.Login.ToString(System.Globalization.CultureInfo.InvariantCulture) ? a.User : $"{a.User} (login {a.Login})")];
    }

    /// <summary>Reads appsettings.json and the Taskroute__* variables into the options, and which settings they gave; says what is wrong with them, or null.</summary>
    private static string? BindSettings(ServerOptions options, out IReadOnlySet<string> given)
    {
        given = new HashSet<string>();
        var file = Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json");
        IConfiguration settings;
        try
        {
            settings = new ConfigurationBuilder().AddJsonFile(file, optional: true).AddEnvironmentVariables().Build();
        }
        catch (InvalidDataException ex)
        {
            var cause = ex as Exception;
            while (cause.InnerException is { } inner) cause = inner;
            return cause is System.Text.Json.JsonException json && ConfigurationFile.Where(json) is { } where
                ? $"{file} is not valid JSON at {where}: {ConfigurationFile.Friendly(json)}"
                : $"{file} is not valid JSON: {cause.Message}";
        }
        // A misspelled setting would otherwise be passed over and the server start on the default
        // (its journal somewhere else than meant): name it, as validate names a configuration file's.
        var known = typeof(ServerOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var child in settings.GetSection("Taskroute").GetChildren())
        {
            if (!known.Contains(child.Key))
                return $"Taskroute:{child.Key} (Taskroute__{child.Key}): unknown setting (check its spelling); the settings are {string.Join(", ", known.Order(StringComparer.Ordinal))}";
            // Every setting is one value: a list or an object would be passed over by the binder.
            if (child.Value is null && child.GetChildren().Any())
                return $"Taskroute:{child.Key} (Taskroute__{child.Key}): one value, not a list or an object{(child.Key.Equals("Urls", StringComparison.OrdinalIgnoreCase) ? " (several addresses go in one string, separated by ';')" : "")}";
        }
        given = settings.GetSection("Taskroute").GetChildren().Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        try
        {
            settings.GetSection("Taskroute").Bind(options);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value but in .NET's words; say it in the user's.
            var section = settings.GetSection("Taskroute");
            foreach (var property in typeof(ServerOptions).GetProperties())
            {
                var value = section[property.Name];
                if (value is null || !property.CanWrite) continue;
                var type = property.PropertyType;
                var wanted = type == typeof(int) ? (long.TryParse(value, out _) ? $"a whole number up to {int.MaxValue}" : "a whole number")
                    : type == typeof(long) ? (System.Numerics.BigInteger.TryParse(value, out _) ? $"a whole number up to {long.MaxValue}" : "a whole number")
                    : type == typeof(double) ? "a number"
                    : type == typeof(bool) ? "true or false" : null;
                if (wanted is not null && !ConvertsTo(value, property.PropertyType)) return $"Taskroute:{property.Name} (Taskroute__{property.Name}): {wanted} (got '{value}')";
            }
            return ex.Message;
        }
    }

    private static bool ConvertsTo(string value, Type type) =>
        type == typeof(int) ? int.TryParse(value, out _) : type == typeof(long) ? long.TryParse(value, out _)
        : type == typeof(double) ? double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
        : bool.TryParse(value, out _);

    internal static bool ListensBeyondThisMachine(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Host != "localhost"
        && !(System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
