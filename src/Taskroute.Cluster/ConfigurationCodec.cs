using Taskroute.Core.Configuration;

namespace Taskroute.Cluster;

/// <summary>
/// How a silo writes a domain's configuration into the database beside its journal and reads it
/// back: the configuration file's own JSON, which the server's configuration reader knows.
/// </summary>
/// <param name="Write">The configuration as text.</param>
/// <param name="Read">The configuration that text holds; throws when it holds none.</param>
public sealed record ConfigurationCodec(Func<RoutingConfiguration, string> Write, Func<string, RoutingConfiguration> Read);
