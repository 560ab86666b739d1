namespace Taskroute.Storage;

/// <summary>
/// The journal holds what this build does not know: a command, a value of one of its fields, or an
/// event's field or message, written by a newer build (its first start journals its router rules,
/// before any request). Not damage: the build that wrote it reads it, so the start refuses, saying
/// which record and what to do instead of restoring from a backup for nothing.
/// </summary>
public sealed class JournalTooNewException(long sequence, string unknown, Exception? cause = null) : Exception(
    $"journal record {sequence} was written by a newer Taskroute ({unknown} unknown to this build, version {Core.BuildVersion.Informational}): " +
    "start the build that wrote it, or restore the copy taken before the upgrade (docs/operations.md, Upgrades)", cause)
{
    public long Sequence { get; } = sequence;

    /// <summary>What this build does not know, as the message names it: <c>command 'quarantine'</c>, <c>value 'transfer' of $.action</c>, <c>event field 23</c>.</summary>
    public string Unknown { get; } = unknown;
}
