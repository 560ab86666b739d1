namespace Taskroute.Core.Engine;

/// <summary>Settings of the engine itself, as opposed to the contact centre's configuration.</summary>
public sealed class EngineOptions
{
    /// <summary>How long a finished SocialContact stays queryable in memory, in seconds.</summary>
    public int ContactRetentionSeconds { get; init; } = 3600;

    /// <summary>
    /// Finds a configuration by its hash (<see cref="RoutingEngine.ConfigurationHash"/>), for a
    /// journaled <see cref="Commands.ChangeConfiguration"/>: the command names the configuration, the
    /// shell keeps them. Null answers for every hash that the configuration is unknown.
    /// </summary>
    public Func<string, Configuration.RoutingConfiguration?>? Configurations { get; init; }

    /// <summary>
    /// The router's rules a fresh engine starts under (<see cref="Engine.RoutingRules"/>): this build's,
    /// or <see cref="RoutingRules.First"/> to replay a journal from its beginning, which says itself
    /// when it changed them.
    /// </summary>
    public int RoutingRules { get; init; } = Engine.RoutingRules.Current;
}
