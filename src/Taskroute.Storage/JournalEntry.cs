using Taskroute.Core.Commands;
using Taskroute.Core.Flow;

namespace Taskroute.Storage;

/// <summary>
/// One flow event as the journal keeps it. The first event of each command also carries the command
/// itself, which is what recovery replays; the events are what traces read.
/// </summary>
public readonly record struct JournalEntry(FlowEvent Event, Command? Command = null, string? IdempotencyKey = null);
