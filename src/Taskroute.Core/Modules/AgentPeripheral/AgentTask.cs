using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Modules.AgentPeripheral;

/// <summary>A task held by an agent, from the router's pre-call until it ends or goes back to queue.</summary>
internal sealed class AgentTask
{
    public int Task;
    public Guid Contact;
    public int DialogueId;
    public IcmTaskId TaskId;
    public TaskData Data = null!;
    public string ScriptSelector = "";
    public int SkillGroupId;
    public int PrecisionQueueId;
    public int AgentIndex;
    public int MrdIndex;
    public TaskState State;
    public long ReservedAt;
    public long StartedAt;
    public long StartTimer;
    public long LifeTimer;
    public long DurationTimer;
    public long LifeDeadline;

    public bool Started => State is TaskState.Active or TaskState.Paused or TaskState.WrapUp;
}
