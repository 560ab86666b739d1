using Taskroute.Core.Scripts;

namespace Taskroute.Core.Configuration;

/// <summary>
/// One step of a precision queue: the agents whose attributes satisfy the expressions, how long
/// the task waits for them before the next step widens the search, and an optional condition that
/// must hold for the step to be considered at all.
/// </summary>
public sealed class PrecisionQueueStep
{
    public IReadOnlyList<AttributeExpression> Expressions { get; init; } = [];
    public LogicalJoin Join { get; init; } = LogicalJoin.Or;

    /// <summary>Seconds to wait at this step before the next; the last step has none (the validator refuses one there).</summary>
    public int WaitSeconds { get; init; }

    /// <summary>Asked as the task reaches the step: when false, the step is passed over. Not on the last step, as in CCE.</summary>
    public Condition? ConsiderIf { get; init; }
}
