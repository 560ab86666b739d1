namespace Taskroute.Core.Configuration;

/// <summary>A precision queue term: an agent attribute compared with a value.</summary>
public sealed class AttributeTerm
{
    public string Attribute { get; init; } = "";
    public CompareOperator Operator { get; init; } = CompareOperator.Equal;

    /// <summary><c>true</c>/<c>false</c> for a boolean attribute, 1 to 10 for a proficiency.</summary>
    public string Value { get; init; } = "";
}
