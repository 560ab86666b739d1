namespace Taskroute.Core.Engine.Snapshots;

/// <summary>
/// A snapshot that cannot be restored: damaged, of another format version, or taken under another
/// configuration. Whoever restores falls back to replaying the whole journal.
/// </summary>
public sealed class SnapshotException(string message, Exception? inner = null) : Exception(message, inner);
