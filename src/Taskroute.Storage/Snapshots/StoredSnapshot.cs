namespace Taskroute.Storage.Snapshots;

/// <summary>A snapshot in a store: the journal record it covers, where it is (for logs), and its bytes on demand (which may throw).</summary>
public sealed record StoredSnapshot(long Sequence, string Source, Func<byte[]> Read);
