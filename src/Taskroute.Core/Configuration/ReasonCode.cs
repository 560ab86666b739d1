namespace Taskroute.Core.Configuration;

/// <summary>
/// A reason an agent may give for going Not Ready or signing out, as Finesse's administrators
/// configure them: the code CTI carries (1 to 65535) and the label a desktop shows.
/// </summary>
public sealed class ReasonCode
{
    public int Code { get; init; }
    public string Label { get; init; } = "";
}
