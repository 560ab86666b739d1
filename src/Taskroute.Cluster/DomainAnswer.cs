namespace Taskroute.Cluster;

/// <summary>What a domain said to a command: CCE's status name, why it refused, and the task it made or acted on.</summary>
[GenerateSerializer, Immutable, Alias("Taskroute.DomainAnswer")]
public sealed record DomainAnswer([property: Id(0)] string Status, [property: Id(1)] string? Detail, [property: Id(2)] int Task)
{
    public bool Succeeded => Status == "Success";
}
