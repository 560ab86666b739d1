namespace Taskroute.Core.Engine;

/// <summary>Settings of the engine itself, as opposed to the contact centre's configuration.</summary>
public sealed class EngineOptions
{
    /// <summary>How long a finished SocialContact stays queryable in memory, in seconds.</summary>
    public int ContactRetentionSeconds { get; init; } = 3600;
}
