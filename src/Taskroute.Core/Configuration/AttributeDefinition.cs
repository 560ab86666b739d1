namespace Taskroute.Core.Configuration;

/// <summary>An agent attribute that precision queues may test.</summary>
public sealed class AttributeDefinition
{
    public string Name { get; init; } = "";
    public AttributeType Type { get; init; }
}
