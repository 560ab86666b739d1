namespace Taskroute.Storage;

/// <summary>
/// The journal holds a command this build does not know: a newer build wrote it (its first start
/// journals its router rules, before any request). Not damage: the build that wrote it reads it, so
/// the start refuses, saying which record and what to do instead of restoring from a backup for nothing.
/// </summary>
public sealed class JournalTooNewException(long sequence, string command, Exception? cause = null) : Exception(
    $"journal record {sequence} was written by a newer Taskroute (command '{command}' unknown to this build, version {Core.BuildVersion.Informational}): " +
    "start the build that wrote it, or restore the copy taken before the upgrade (docs/operations.md, Upgrades)", cause)
{
    public long Sequence { get; } = sequence;

    public string Command { get; } = command;
}
