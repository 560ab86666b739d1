namespace Taskroute.Core.Engine;

/// <summary>The deadlines the modules keep. Each is stored in state and fired by a tick.</summary>
public enum TimerKind : byte
{
    /// <summary>A script's Wait node is over.</summary>
    ScriptWait,

    /// <summary>A precision queue step's wait is over; the next step widens the search.</summary>
    PrecisionQueueStep,

    /// <summary>A queued task's priority rises by one.</summary>
    PriorityRaise,

    /// <summary>The MRD's max time in queue has passed.</summary>
    MaxTimeInQueue,

    /// <summary>The MRD's task life passed before the task was started.</summary>
    TaskLife,

    /// <summary>The MRD's task start timeout passed after reservation: ring no answer.</summary>
    TaskStartTimeout,

    /// <summary>The MRD's max task duration passed after start.</summary>
    MaxTaskDuration,
}
