namespace Taskroute.Core.Commands;

/// <summary>
/// From now on the engine routes under the configuration with this hash (see
/// <see cref="Engine.RoutingEngine.ConfigurationHash"/>): what already happened stays as it happened,
/// open tasks and signed-in agents carry over. Journaled like any command, so a replay changes
/// configuration at the same point.
/// </summary>
public sealed record ChangeConfiguration(long Time, string Hash) : Command(Time);
