using Taskroute.Core.Scripts;

namespace Taskroute.Core.Modules.Router;

/// <summary>Where a call is in one list of script nodes; branches push a frame, the end of a list pops it.</summary>
internal struct ScriptFrame(IReadOnlyList<ScriptNode> nodes, int index)
{
    public IReadOnlyList<ScriptNode> Nodes = nodes;
    public int Index = index;
}
