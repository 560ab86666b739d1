namespace Taskroute.Core.Commands;

/// <summary>An application withdraws a task that is still unread or queued.</summary>
public sealed record CancelTask(long Time, Guid ContactId) : Command(Time);
