namespace Taskroute.Server.Hosting;

/// <summary>
/// A dialog that left the agent while it had no desktop open: what the task was, what became of it
/// (<c>requeued</c>: back to the queue, not started; <c>transferred</c>: routed on to another agent;
/// <c>ended</c>), CCE's disposition and the server's reason, and when by the server's clock. Title and
/// name are null for a task offered before the server last started, which it did not see offered.
/// </summary>
public sealed record ClosedWhileAway(string DialogId, string? Title, string? Name, int MrdId, string Outcome, int Disposition, string DispositionName, string? Reason, DateTimeOffset ClosedAt);
