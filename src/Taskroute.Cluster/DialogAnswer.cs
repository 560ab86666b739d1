namespace Taskroute.Cluster;

/// <summary>A dialog as the agent API shows it (the JSON of a <c>DialogResource</c>), with the login id of the agent who holds it, so that a front end can tell who may see it.</summary>
[GenerateSerializer, Immutable, Alias("Taskroute.DialogAnswer")]
public sealed record DialogAnswer([property: Id(0)] int LoginId, [property: Id(1)] string Json);
