namespace Taskroute.Core.Flow;

/// <summary>What an agent's interruptible tasks do when a non-interruptible task starts in another MRD (Finesse's interruptAction).</summary>
public enum InterruptAction : byte
{
    Accept,
    Ignore,
}
