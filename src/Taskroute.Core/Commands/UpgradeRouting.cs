namespace Taskroute.Core.Commands;

/// <summary>
/// From now on the router follows the rules of version <paramref name="Rules"/> (see
/// <see cref="Engine.RoutingRules"/>). A server journals it once it has replayed a journal written
/// under older rules, so that a later replay changes rules at the same point.
/// </summary>
public sealed record UpgradeRouting(long Time, int Rules) : Command(Time);
