namespace Taskroute.Logs;

/// <summary>
/// Where the component logs go and the names and ids their lines carry. Defaults are the TechNote's
/// lab: host 192.168.1.1, processes cg3A-ctisvr, PG2A-pim3 and ra-rtr, Agent PG 5000, MR PG 5001,
/// routing client 5004, CTI session 3.
/// </summary>
public sealed record ComponentLogSettings
{
    /// <summary>The data directory; each component writes under <c>&lt;Directory&gt;/&lt;component&gt;/</c>.</summary>
    public required string Directory { get; init; }

    /// <summary>The host in CCP's Cisco Log lines.</summary>
    public string HostName { get; init; } = "192.168.1.1";

    public string CtiServerProcess { get; init; } = "cg3A-ctisvr";
    public string PimProcess { get; init; } = "PG2A-pim3";
    public string RouterProcess { get; init; } = "ra-rtr";

    public int AgentPeripheralId { get; init; } = 5000;
    public int MediaRoutingPeripheralId { get; init; } = 5001;
    public int RoutingClientId { get; init; } = 5004;

    /// <summary>The CTI server session Finesse holds; ctisvr's session lines name it.</summary>
    public int CtiSessionId { get; init; } = 3;

    /// <summary>MRDs whose tasks may not be interrupted: the MR PIM's DO_THIS_WITH_TASK dump says <c>Interruptible = (0)</c> for them.</summary>
    public IReadOnlySet<int> NonInterruptibleMrds { get; init; } = new HashSet<int>();

    /// <summary>
    /// The offset every time stamp is written in and by which files change date at midnight. ICM and
    /// CCP log local time; the default is this machine's offset now.
    /// </summary>
    public TimeSpan UtcOffset { get; init; } = TimeZoneInfo.Local.GetUtcOffset(DateTimeOffset.UtcNow);

    /// <summary>A file that has passed this many bytes is closed and the next entry starts file n+1.</summary>
    public long RotationBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>
    /// How many files each component keeps; the oldest go when a new one starts, so the logs take at
    /// most this many times <see cref="RotationBytes"/> per component (1 GB each by default). At the
    /// default level a busy server writes tens of megabytes a second: without a bound, a disk fills.
    /// </summary>
    public int MaxFilesPerComponent { get; init; } = 100;

    /// <summary>How often buffered lines reach the files when nobody asks; zero or less leaves it to <see cref="ComponentLogWriter.Flush"/>.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Where run-time level changes are kept so a restart keeps them; null means <c>&lt;Directory&gt;/levels.json</c>.</summary>
    public string? LevelsFile { get; init; }

    internal string LevelsPath => LevelsFile ?? Path.Combine(Directory, "levels.json");
}
