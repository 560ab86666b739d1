using Taskroute.Core.Configuration;

namespace Taskroute.Core.Scripts;

/// <summary>
/// Compares an operand with a value: as numbers when both read as numbers, as times for
/// <see cref="ConditionOperand.TimeOfDay"/>, otherwise as text (ordinal).
/// </summary>
public sealed class Comparison : Condition
{
    public ConditionOperand Operand { get; init; }
    public int Number { get; init; }
    public string? Name { get; init; }
    public CompareOperator Operator { get; init; } = CompareOperator.Equal;
    public string Value { get; init; } = "";
}
