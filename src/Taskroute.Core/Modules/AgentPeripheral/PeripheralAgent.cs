using Taskroute.Core.Configuration;

namespace Taskroute.Core.Modules.AgentPeripheral;

internal sealed class PeripheralAgent
{
    public int Index;
    public AgentConfig Config = null!;
    public PeripheralAgentMrd[] Mrds = [];
}
