namespace Taskroute.Core.Configuration;

/// <summary>One problem in a configuration: where (a path such as <c>mrds[1].maxTasksPerAgent</c>) and what.</summary>
public sealed record ConfigurationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
