namespace Taskroute.Core.Configuration;

/// <summary>Terms joined by AND or OR.</summary>
public sealed class AttributeExpression
{
    public IReadOnlyList<AttributeTerm> Terms { get; init; } = [];
    public LogicalJoin Join { get; init; } = LogicalJoin.And;
}
