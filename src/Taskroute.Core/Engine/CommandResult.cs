using Taskroute.Core.Flow;

namespace Taskroute.Core.Engine;

/// <summary>
/// The answer to a command: success, or CCE's reason for refusing it and a sentence saying what is
/// wrong. <see cref="Applied"/>: refused, and yet part of what it asked was done (a repeated sign-in
/// resets the agent's settings, as Finesse documents): such a command is journaled as made, since
/// replaying it does the same again.
/// </summary>
public readonly record struct CommandResult(ArmStatus Status, string? Detail, int Task = 0, bool Applied = false)
{
    public bool Succeeded => Status == ArmStatus.Success;

    /// <summary>Whether the command changed anything and so must be journaled: it succeeded, or it was <see cref="Applied"/>.</summary>
    public bool Changed => Succeeded || Applied;

    public static CommandResult Success(int task = 0) => new(ArmStatus.Success, null, task);
}
