namespace Taskroute.Core.Scripts;

/// <summary>A node of a routing script. The router runs a script's nodes in order.</summary>
public abstract class ScriptNode
{
    private protected ScriptNode()
    {
    }
}
