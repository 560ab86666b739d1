using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Modules.Ccp;

/// <summary>CCP's record of a submitted task: the contact the application polls.</summary>
public sealed class SocialContact
{
    public required Guid Id { get; init; }
    public required TaskData Data { get; set; }
    public long CreatedAt { get; init; }
    public ContactStatus Status { get; set; }
    public string? StatusReason { get; set; }
    public long StatusChangedAt { get; set; }

    /// <summary>The engine's number of the task now routing this contact (a transfer starts another).</summary>
    public int Task { get; set; }
    public IcmTaskId TaskId { get; set; } = IcmTaskId.None;
    public int AgentId { get; set; }
    public Disposition Disposition { get; set; }

    public bool IsFinished => Status is ContactStatus.Handled or ContactStatus.Discarded or ContactStatus.Cancelled;
}
