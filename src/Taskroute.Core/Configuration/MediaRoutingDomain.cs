namespace Taskroute.Core.Configuration;

/// <summary>A media routing domain (MRD): a kind of work with its own task limits and timers.</summary>
public sealed class MediaRoutingDomain
{
    public int Id { get; init; }
    public string Name { get; init; } = "";

    /// <summary>How many tasks of this MRD an agent may hold at once, 1 to 10.</summary>
    public int MaxTasksPerAgent { get; init; } = 1;

    /// <summary>Whether tasks of other MRDs may interrupt an agent working a task of this one.</summary>
    public bool Interruptible { get; init; } = true;

    /// <summary>Seconds from reservation to the desktop's OFFER_TASK_IND or START_TASK_IND before the task is redirected (RONA).</summary>
    public int TaskStartTimeoutSeconds { get; init; } = 30;

    /// <summary>Seconds a task may live without being started before it is ended (disposition 41).</summary>
    public int TaskLifeSeconds { get; init; } = 1200;

    /// <summary>Seconds a started task may last before it is ended (disposition 41).</summary>
    public int MaxTaskDurationSeconds { get; init; } = 28_800;

    /// <summary>Seconds a task may wait in queue; 0 for no limit.</summary>
    public int MaxTimeInQueueSeconds { get; init; }

    /// <summary>How many tasks of this MRD may wait in queue at once; 0 for no limit.</summary>
    public int MaxTasksInQueue { get; init; }

    /// <summary>Seconds within which a task counts as answered within service level.</summary>
    public int ServiceLevelThresholdSeconds { get; init; } = 30;

    /// <summary>How tasks abandoned within the threshold count in this MRD's service level.</summary>
    public ServiceLevelType ServiceLevelType { get; init; } = ServiceLevelType.IgnoreAbandoned;
}
