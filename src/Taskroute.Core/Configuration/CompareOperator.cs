namespace Taskroute.Core.Configuration;

public enum CompareOperator
{
    Equal,
    NotEqual,
    LessThan,
    LessOrEqual,
    GreaterThan,
    GreaterOrEqual,

    /// <summary>Text contains the value (conditions on variables only).</summary>
    Contains,
}
