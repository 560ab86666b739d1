using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Modules.Desktop;

/// <summary>A non-voice dialog as the agent's desktop shows it; its id is the task id written <c>day_key_seq</c>.</summary>
public sealed class Dialog
{
    public int Task { get; internal set; }
    public Guid ContactId { get; internal set; }
    public int DialogueId { get; internal set; }
    public IcmTaskId TaskId { get; internal set; }
    public int AgentId { get; internal set; }
    public int LoginId { get; internal set; }
    public int MrdId { get; internal set; }
    public int SkillGroupId { get; internal set; }
    public int PrecisionQueueId { get; internal set; }
    public DialogState State { get; internal set; }
    public TaskData Data { get; internal set; } = null!;
    public long OfferedAt { get; internal set; }
    public long StateChangedAt { get; internal set; }
    public string Id => TaskId.ToDialogId();

    internal int AgentIndex;
    internal int MrdIndex;
    internal string? TransferTo;
}
