namespace Taskroute.Server.Hosting;

/// <summary>
/// The journal ends before a snapshot the server took of it: records it acknowledged are missing
/// (the journal's file removed, emptied or damaged, or restored from an older copy while its
/// snapshots were kept). Starting would serve without them, so the server refuses; the message says
/// how to start on purpose from a restored copy.
/// </summary>
public sealed class JournalBehindException(string message) : Exception(message);
