namespace Taskroute.Core.Flow;

public static class DispositionExtensions
{
    /// <summary>Whether the task ended by a transfer: its contact goes on in a new task.</summary>
    public static bool IsTransfer(this Disposition disposition) =>
        disposition is Disposition.TaskTransferred or Disposition.TaskTransferredOnAgentLogout;

    /// <summary>How a trace says why a task ended when no module said it in words: CCE's code and its name.</summary>
    public static string Words(this Disposition disposition) => $"disposition {(int)disposition} ({disposition})";
}
