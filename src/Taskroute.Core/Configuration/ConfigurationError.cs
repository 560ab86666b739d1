namespace Taskroute.Core.Configuration;

/// <summary>One problem in a configuration: where (a path such as <c>mrds[1].maxTasksPerAgent</c>) and what.</summary>
public sealed record ConfigurationError(string Path, string Message)
{
    /// <summary>The entry the path's index points at, by its own ids (<c>agent 5172, login id 1080</c>), where the configuration gives them.</summary>
    public string? Entity { get; init; }

    public override string ToString() => Entity is null ? $"{Path}: {Message}" : $"{Path} ({Entity}): {Message}";
}
