using Taskroute.Core.Commands;

namespace Taskroute.Storage;

/// <summary>A command read back from the journal, in the order it was executed.</summary>
public sealed record JournaledCommand(long Sequence, Command Command, string? IdempotencyKey);
