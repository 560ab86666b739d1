using Taskroute.Core.Scripts;

namespace Taskroute.Core.Configuration;

/// <summary>A script selector (CCE's dialed number for tasks) and the routing script it runs.</summary>
public sealed class ScriptSelector
{
    public string Name { get; init; } = "";
    public int MrdId { get; init; }
    public IReadOnlyList<ScriptNode> Script { get; init; } = [];
}
