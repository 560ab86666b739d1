using Taskroute.Core.Flow;

namespace Taskroute.Core.Tracing;

/// <summary>A change of the contact's status as the Task API reports it (unread, queued, reserved, handled, ...).</summary>
public sealed record TraceStatusChange(long Time, ContactStatus Status, string? Reason);
