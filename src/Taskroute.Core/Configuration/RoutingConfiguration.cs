namespace Taskroute.Core.Configuration;

/// <summary>Everything the router needs to know before the first task: the contact centre as configured.</summary>
public sealed class RoutingConfiguration
{
    /// <summary>The Agent PG's peripheral id (5000 in the seed).</summary>
    public int AgentPeripheralId { get; init; } = 5000;

    /// <summary>The MR PG's peripheral id (5001 in the seed).</summary>
    public int MediaRoutingPeripheralId { get; init; } = 5001;

    /// <summary>The MR PG's routing client id, printed as RCID on NEW_CALL (5004 in the seed).</summary>
    public int RoutingClientId { get; init; } = 5004;

    /// <summary>The first RouterCallKey of each day.</summary>
    public int RouterCallKeyStart { get; init; } = 1;

    /// <summary>Offset from UTC, in minutes, for time-of-day conditions in scripts (when no <see cref="TimeZone"/> is given).</summary>
    public int UtcOffsetMinutes { get; init; }

    /// <summary>
    /// The time zone whose clock time-of-day and day-of-week conditions read (an IANA name such as
    /// Europe/Berlin), its summer time included, as CCE's router reads its own clock; null: the fixed
    /// <see cref="UtcOffsetMinutes"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TimeZone { get; init; }

    /// <summary>
    /// <see cref="TimeZone"/>'s clock, resolved once where the file is read (the core never reads the
    /// machine's zone files): its offsets in time order, each from when it applies. Kept with the
    /// configuration and hashed with it, so a tzdata update is a configuration change, not a replay
    /// that routes differently.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ZoneOffset>? TimeZoneOffsets { get; init; }

    public IReadOnlyList<MediaRoutingDomain> Mrds { get; init; } = [];
    public IReadOnlyList<SkillGroup> SkillGroups { get; init; } = [];
    public IReadOnlyList<AttributeDefinition> Attributes { get; init; } = [];
    public IReadOnlyList<PrecisionQueue> PrecisionQueues { get; init; } = [];
    public IReadOnlyList<AgentConfig> Agents { get; init; } = [];
    public IReadOnlyList<ScriptSelector> ScriptSelectors { get; init; } = [];
    public IReadOnlyList<TaskFeed> TaskFeeds { get; init; } = [];

    /// <summary>
    /// The reasons an agent may give for Not Ready; when any is configured, a Not Ready with another
    /// code is refused, as Finesse refuses a reason code it does not know. None: any code is taken.
    /// </summary>
    public IReadOnlyList<ReasonCode> NotReadyReasonCodes { get; init; } = [];

    /// <summary>The reasons an agent may give for signing out, alike.</summary>
    public IReadOnlyList<ReasonCode> LogoutReasonCodes { get; init; } = [];
}
