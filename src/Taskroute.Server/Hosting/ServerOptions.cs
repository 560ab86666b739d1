using System.Net;
using System.Net.Sockets;

namespace Taskroute.Server.Hosting;

/// <summary>How <c>taskroute serve</c> runs: where it listens, where its data lives, which storage it uses.</summary>
public sealed class ServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public string Urls { get; set; } = DefaultUrls;
    public string DataDirectory { get; set; } = "taskroute-data";
    public string? ConfigFile { get; set; }

    /// <summary><c>sqlite</c> (the default, a file in the data directory) or <c>postgres</c>.</summary>
    public string Storage { get; set; } = "sqlite";

    /// <summary>The PostgreSQL connection string, with <c>--storage postgres</c>.</summary>
    public string? Connection { get; set; }

    /// <summary>Seconds an agent may be without any event stream, once it has had one, before the presence policy applies; 0 turns it off.</summary>
    public int PresenceTimeoutSeconds { get; set; } = 60;

    /// <summary>The longest <see cref="PresenceTimeoutSeconds"/> taken: a day.</summary>
    public const int MaxPresenceTimeoutSeconds = 86_400;

    /// <summary><c>logout</c> (sign the agent out; reserved tasks go back to queue) or <c>notRoutable</c>.</summary>
    public string PresencePolicy { get; set; } = "logout";

    /// <summary>How long a finished task stays readable through the task APIs, in seconds.</summary>
    public int ContactRetentionSeconds { get; set; } = 900;

    /// <summary>The OpenTelemetry meter the server's metrics belong to.</summary>
    public string MeterName { get; set; } = Telemetry.TaskrouteMetrics.MeterName;

    /// <summary>Whether the modules write their CCE-style component logs (under <c>&lt;data&gt;/logs</c>).</summary>
    public bool ComponentLogs { get; set; } = true;

    /// <summary>Where the component logs go; default <c>&lt;data directory&gt;/logs</c>.</summary>
    public string? LogsDirectory { get; set; }

    /// <summary>Size at which a component's log file is followed by the next one.</summary>
    public long LogFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How many files each component keeps: the logs take at most this times <see cref="LogFileBytes"/> per component.</summary>
    public int LogFilesPerComponent { get; set; } = 100;

    /// <summary>The folder the component logs are in.</summary>
    public string ComponentLogsDirectory => LogsDirectory ?? Path.Combine(DataDirectory, "logs");

    /// <summary>Run as one silo of an Orleans cluster: "postgres" (membership and journals in the database named by <see cref="Connection"/>), or null for the single process.</summary>
    public string? Cluster { get; set; }

    /// <summary>With <see cref="Cluster"/>: the routing domains, as <c>name</c> (the built-in lab) or <c>name=configuration-file</c>, comma separated.</summary>
    public string Domains { get; set; } = "lab";

    /// <summary>With <see cref="Cluster"/>: the cluster's id (silos with the same id form one cluster).</summary>
    public string ClusterId { get; set; } = "taskroute";

    /// <summary>With <see cref="Cluster"/>: the port silos talk to each other on, and the one clients connect to.</summary>
    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>With <see cref="Cluster"/>: the address other silos reach this one at.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The length of report intervals in minutes: 15 or 30, as CCE offers.</summary>
    public int ReportIntervalMinutes { get; set; } = 30;

    /// <summary>
    /// Take a snapshot of the engine every so many journaled commands, so a restart restores it and
    /// replays only what follows; 0 turns snapshots off (no snapshot is taken or restored).
    /// </summary>
    public int SnapshotEvery { get; set; } = EngineHost.DefaultSnapshotEvery;

    /// <summary>With snapshots on, take one when the server stops, so that a planned restart replays nothing.</summary>
    public bool SnapshotOnStop { get; set; } = true;

    /// <summary>Where snapshots go with the SQLite journal; with PostgreSQL they sit in a table beside the journal's.</summary>
    public string SnapshotsDirectory => Path.Combine(DataDirectory, "snapshots");

    /// <summary>How many requests may wait for the writer loop before new ones get 503.</summary>
    public int IntakeCapacity { get; set; } = 65_536;

    /// <summary>Failed sign-ins in a row after which a user name is refused for <see cref="SignInLockoutSeconds"/> (Finesse's 5); 0 turns the lockout off.</summary>
    public int SignInAttempts { get; set; } = Accounts.SignInLockout.DefaultAttempts;

    /// <summary>How long a user name stays locked out after <see cref="SignInAttempts"/> failed sign-ins in a row (Finesse's 5 minutes).</summary>
    public int SignInLockoutSeconds { get; set; } = (int)Accounts.SignInLockout.DefaultLockFor.TotalSeconds;

    /// <summary>Tasks one client address may submit a second, over the CCP and JSON task APIs together (fractions allowed); 0 (the default) sets no limit.</summary>
    public double SubmitsPerSecond { get; set; }

    /// <summary>How many submits one client may make at once before <see cref="SubmitsPerSecond"/> applies; 0: as many as a second's worth.</summary>
    public int SubmitBurst { get; set; }

    /// <summary>The burst a client gets: <see cref="SubmitBurst"/>, or a second's worth of submits (at least one).</summary>
    public int SubmitBurstOrDefault => SubmitBurst > 0 ? SubmitBurst : Math.Max(1, (int)Math.Ceiling(SubmitsPerSecond));

    /// <summary>The lockout these settings make, on the server's clock.</summary>
    public Accounts.SignInLockout SignInLockout(TimeProvider time, Microsoft.Extensions.Logging.ILogger? log = null) => new(SignInAttempts, TimeSpan.FromSeconds(SignInLockoutSeconds), time, log);

    /// <summary>
    /// What is wrong with the settings, each as "setting: problem" naming the command-line option
    /// and the configuration key, since either may have set it. Call <see cref="Normalize"/> first.
    /// </summary>
    public List<string> Problems()
    {
        var problems = new List<string>();
        if (UrlsProblem() is { } urls) problems.Add(urls);
        if (Storage is not ("sqlite" or "postgres")) problems.Add($"--storage (Taskroute:Storage): sqlite or postgres (got '{Storage}')");
        else if (Storage == "postgres" && string.IsNullOrWhiteSpace(Connection))
            problems.Add("--storage postgres needs --connection (Taskroute:Connection) \"Host=...;Username=...;Password=...;Database=...\"");
        if (ReportIntervalMinutes is not (15 or 30)) problems.Add($"--report-interval (Taskroute:ReportIntervalMinutes): 15 or 30 (got {ReportIntervalMinutes})");
        if (SnapshotEvery < 0) problems.Add($"--snapshot-every (Taskroute:SnapshotEvery): 0 or more commands (got {SnapshotEvery})");
        // A day at most: a desktop gone longer than that is not coming back, and a timer cannot wait 49.7 days.
        if (PresenceTimeoutSeconds is < 0 or > MaxPresenceTimeoutSeconds)
            problems.Add($"Taskroute:PresenceTimeoutSeconds: 0 (off) to {MaxPresenceTimeoutSeconds} seconds (got {PresenceTimeoutSeconds})");
        if (PresencePolicy is not ("logout" or "notRoutable")) problems.Add($"Taskroute:PresencePolicy: logout or notRoutable (got '{PresencePolicy}')");
        if (string.IsNullOrWhiteSpace(MeterName)) problems.Add($"Taskroute:MeterName: a name for the server's OpenTelemetry meter (default {Telemetry.TaskrouteMetrics.MeterName}); got none");
        if (ContactRetentionSeconds < 0) problems.Add($"Taskroute:ContactRetentionSeconds: 0 or more seconds (got {ContactRetentionSeconds})");
        if (LogFileBytes < 4096) problems.Add($"Taskroute:LogFileBytes: at least 4096 bytes (got {LogFileBytes})");
        if (LogFilesPerComponent < 1) problems.Add($"Taskroute:LogFilesPerComponent: at least 1 (got {LogFilesPerComponent})");
        if (IntakeCapacity < 1) problems.Add($"Taskroute:IntakeCapacity: at least 1 (got {IntakeCapacity})");
        if (SignInAttempts < 0) problems.Add($"Taskroute:SignInAttempts: 0 (no lockout) or more (got {SignInAttempts})");
        if (SubmitsPerSecond < 0 || double.IsNaN(SubmitsPerSecond) || double.IsInfinity(SubmitsPerSecond))
            problems.Add($"Taskroute:SubmitsPerSecond: 0 (no limit) or more tasks a second per client (got {SubmitsPerSecond})");
        if (SubmitBurst < 0) problems.Add($"Taskroute:SubmitBurst: 0 (a second's worth) or more submits (got {SubmitBurst})");
        // A burst alone limits nothing: said, rather than an operator believing the server limited.
        else if (SubmitBurst > 0 && SubmitsPerSecond == 0)
            problems.Add($"Taskroute:SubmitBurst ({SubmitBurst}) needs Taskroute:SubmitsPerSecond: a burst is the room above a rate, and without a rate nothing is limited");
        if (SignInLockoutSeconds < 1) problems.Add($"Taskroute:SignInLockoutSeconds: at least 1 second (got {SignInLockoutSeconds})");
        if (File.Exists(DataDirectory)) problems.Add($"--data (Taskroute:DataDirectory): '{DataDirectory}' is a file, not a directory");
        if (ComponentLogs && LogsDirectory is { Length: > 0 } logs && File.Exists(logs)) problems.Add($"Taskroute:LogsDirectory: '{logs}' is a file, not a directory");
        return problems;
    }

    /// <summary>
    /// What is wrong with <see cref="Urls"/> as addresses to listen on, naming the address; null when
    /// each is http://HOST:PORT. Kestrel would take much else and do something else than meant: a host
    /// that is not an IP address or localhost (a typo, a name) listens on every interface, a port that
    /// is not a number listens on 80, nothing at all on localhost:5000; and it throws for a port out of
    /// range, a path or https, which a start would print as a stack trace.
    /// </summary>
    public string? UrlsProblem()
    {
        const string Form = "write each address as http://HOST:PORT, HOST an IP address, localhost, or * (0.0.0.0, [::]) for every interface, several separated by ';'";
        var addresses = (Urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0) return $"--urls (Taskroute:Urls): no address to listen on; {Form}";
        foreach (var address in addresses)
            if (ListenAddressProblem(address) is { } why) return $"--urls (Taskroute:Urls): '{address}' {why}; {Form}";
        // Given twice, the second bind fails as if another program held the port: named instead.
        if (addresses.GroupBy(a => a.TrimEnd('/'), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1 && !g.Key.EndsWith(":0", StringComparison.Ordinal)) is { } twice)
            return $"--urls (Taskroute:Urls): '{twice.Key}' is given twice; give each address once";
        return null;
    }

    private static string? ListenAddressProblem(string address)
    {
        const string Http = "http://";
        if (address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return "is https, which Taskroute does not serve: listen on http on this machine and put a reverse proxy that ends TLS in front (docs/operations.md)";
        if (!address.StartsWith(Http, StringComparison.OrdinalIgnoreCase)) return "does not start with http://";
        var rest = address[Http.Length..];
        // A lone trailing '/' is the root, as Kestrel takes it; anything after it is a path base it refuses.
        if (rest.IndexOfAny(['/', '?', '#']) is >= 0 and var pathStart)
        {
            if (rest[pathStart..] != "/") return "has a path; Taskroute answers at the root of its address (give http://HOST:PORT alone)";
            rest = rest[..pathStart];
        }
        string host, port;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return "has an IPv6 address without its closing ']'";
            host = rest[1..close];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return $"names '{host}', which is not an IPv6 address";
            if (rest.Length == close + 1 || rest[close + 1] != ':') return "has no port";
            port = rest[(close + 2)..];
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon < 0) return "has no port";
            (host, port) = (rest[..colon], rest[(colon + 1)..]);
            if (host.Length == 0) return "has no host";
            if (host.Contains(':', StringComparison.Ordinal)) return "has an IPv6 address outside brackets (write http://[ADDRESS]:PORT)";
            var known = host is "*" or "+" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && v4.ToString() == host);
            if (!known) return $"names the host '{host}', which is not an IP address or localhost (for any other name Kestrel would listen on every interface)";
        }
        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit) || int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) > 65535)
            return $"has the port '{port}', which is not a number from 0 to 65535";
        // localhost is two addresses, and Kestrel cannot give both the same free port.
        if (int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) == 0 && host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return "asks for any free port on localhost, which Kestrel cannot do (give http://127.0.0.1:0)";
        return null;
    }

    /// <summary>Settings that name a choice take it in any case, as configuration keys do.</summary>
    public void Normalize()
    {
        Storage = (Storage ?? "").Trim().ToLowerInvariant();
        Cluster = Cluster?.Trim().ToLowerInvariant();
        PresencePolicy = (PresencePolicy ?? "").Trim() switch
        {
            var p when p.Equals("logout", StringComparison.OrdinalIgnoreCase) => "logout",
            var p when p.Equals("notRoutable", StringComparison.OrdinalIgnoreCase) => "notRoutable",
            var p => p,
        };
    }
}
