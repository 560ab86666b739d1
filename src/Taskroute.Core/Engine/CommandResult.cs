using Taskroute.Core.Flow;

namespace Taskroute.Core.Engine;

/// <summary>The answer to a command: success, or CCE's reason for refusing it and a sentence saying what is wrong.</summary>
public readonly record struct CommandResult(ArmStatus Status, string? Detail, int Task = 0)
{
    public bool Succeeded => Status == ArmStatus.Success;

    public static CommandResult Success(int task = 0) => new(ArmStatus.Success, null, task);
}
