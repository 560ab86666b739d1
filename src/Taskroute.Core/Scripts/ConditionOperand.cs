namespace Taskroute.Core.Scripts;

/// <summary>What a condition looks at.</summary>
public enum ConditionOperand
{
    /// <summary>Call variable <see cref="Comparison.Number"/> (1 to 10).</summary>
    CallVariable,

    /// <summary>The ECC variable named <see cref="Comparison.Name"/>.</summary>
    EccVariable,

    /// <summary>Time of day as <c>HH:MM</c>, in the configuration's UTC offset.</summary>
    TimeOfDay,

    /// <summary>Day of week, <c>Monday</c> to <c>Sunday</c>.</summary>
    DayOfWeek,

    /// <summary>The task's priority as submitted.</summary>
    TaskPriority,

    /// <summary>Agents signed in to the step being considered (precision queue consider-if only).</summary>
    LoggedOnAgents,

    /// <summary>Agents available in the step being considered (precision queue consider-if only).</summary>
    AvailableAgents,
}
