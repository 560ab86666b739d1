using Taskroute.Core.Engine;
using Taskroute.Core.Flow;

namespace Taskroute.Server.Api;

/// <summary>A task as its submitter sees it: the contact's status and, once routed, the task id and agent.</summary>
public sealed record ContactView(
    Guid Id, string CcpStatus, string State, string? StatusReason, string? TaskId,
    int? EstimatedWaitSeconds, int? Disposition, string ScriptSelector, int FeedId, string Name, string Title, long CreatedAt, long StatusChangedAt,
    TaskData Data)
{
    /// <summary>
    /// The agent's ICM agent id (SkillTargetID), once routed: what the MR PG's DO_THIS_WITH_TASK
    /// hands CCP, and so what CCP's status answers as <c>agentID</c>.
    /// </summary>
    public int? IcmAgentId { get; init; }

    /// <summary>
    /// The JSON API's task id: the contact's last task id once the router numbered it, also after
    /// the task ended, was cancelled or went back to the queue (CCP shows it only while routed).
    /// </summary>
    public string? LastTaskId { get; init; }

    /// <summary>The JSON API's agent: the login id of the agent holding the task, or of the one who last held it once it ended; null while it waits.</summary>
    public int? LastAgentLoginId { get; init; }

    public static ContactView? Of(RoutingEngine engine, Guid id, long now, Func<Guid, long, int?>? estimateWait = null)
    {
        if (engine.FindContact(id) is not { } contact) return null;
        var ccpStatus = CcpStatusNames.Of(contact.Status) ?? "unread";
        var reason = CcpStatusNames.ReasonOf(contact.Status, contact.StatusReason, contact.Disposition);
        var routed = contact.Status is ContactStatus.Reserved or ContactStatus.Handled;
        var found = routed && contact.AgentId != 0 ? engine.FindAgent(contact.AgentId) : null;
        var state = engine.TaskStateOf(id)?.ToString().ToLowerInvariant() ?? "unknown";
        return new ContactView(
            contact.Id, ccpStatus, state, reason,
            routed && !contact.TaskId.IsNone ? contact.TaskId.ToDialogId() : null,
            contact.Status == ContactStatus.Queued ? estimateWait?.Invoke(contact.Id, now) : null, contact.IsFinished && contact.Disposition != Taskroute.Core.Flow.Disposition.None ? (int)contact.Disposition : null,
            contact.Data.ScriptSelector, contact.Data.FeedId, contact.Data.Name, contact.Data.Title, contact.CreatedAt, contact.StatusChangedAt,
            contact.Data)
        {
            // The contact keeps the agent's ICM id itself: an agent since taken out of the
            // configuration still handled the task (only its login id is no longer known).
            IcmAgentId = routed && contact.AgentId != 0 ? contact.AgentId : null,
            LastTaskId = contact.TaskId.IsNone ? null : contact.TaskId.ToDialogId(),
            LastAgentLoginId = found?.LoginId ?? (contact.IsFinished && contact.AgentId != 0 ? engine.FindAgent(contact.AgentId)?.LoginId : null),
        };
    }
}
