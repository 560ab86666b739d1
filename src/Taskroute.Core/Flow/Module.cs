namespace Taskroute.Core.Flow;

/// <summary>
/// The parties of the flow: the five CCE components Taskroute implements as modules, plus the
/// two outside parties that start messages (the submitting application and the agent at the desktop)
/// and the clock that fires timers.
/// </summary>
public enum Module : byte
{
    Application,
    Ccp,
    MediaRouting,
    Router,
    AgentPeripheral,
    Desktop,
    Agent,
    Clock,
}
