namespace Taskroute.Cluster;

/// <summary>
/// Where an agent's updates stand in the domain's activation a listener reached: the activation
/// (its journal <see cref="Epoch"/>), the number of the last update it gave the agent (0 for none),
/// and the silo it lives on, whose death means the activation is gone.
/// </summary>
[GenerateSerializer, Immutable, Alias("Taskroute.AgentUpdatePosition")]
public sealed record AgentUpdatePosition([property: Id(0)] long Epoch, [property: Id(1)] long Sequence, [property: Id(2)] SiloAddress Silo);
