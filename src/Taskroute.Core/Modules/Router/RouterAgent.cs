namespace Taskroute.Core.Modules.Router;

internal sealed class RouterAgent
{
    public int Index;
    public int AgentId;
    public int LoginId;
    public RouterAgentMrd[] Mrds = [];
}
