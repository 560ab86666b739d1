using Taskroute.Cluster;
using Taskroute.Core.Flow;
using Taskroute.Server.Api;
using Taskroute.Server.Api.Tasks;

namespace Taskroute.Server.Cluster;

/// <summary>
/// A domain grain's contact in the words a single server answers: the same JSON task resource and
/// the same CCP status and reason, so that a client written against one works against the other.
/// </summary>
internal static class ClusterTaskResource
{
    public static ContactStatus StatusOf(ContactAnswer contact) =>
        Enum.TryParse<ContactStatus>(contact.Status, ignoreCase: true, out var status) ? status : ContactStatus.None;

    public static string CcpStatus(ContactAnswer contact) => CcpStatusNames.Of(StatusOf(contact)) ?? "unread";

    public static string? CcpReason(ContactAnswer contact) => CcpStatusNames.ReasonOf(StatusOf(contact), contact.StatusReason, (Core.Flow.Disposition)contact.Disposition);

    private static bool Routed(ContactAnswer contact) => StatusOf(contact) is ContactStatus.Reserved or ContactStatus.Handled;

    /// <summary>The task id once routed, in the dialog form (<c>day_key_seq</c>) the JSON API and Finesse use.</summary>
    public static string? TaskId(ContactAnswer contact) => Routed(contact) ? LastTaskId(contact) : null;

    // The dialog form of the contact's last task id, once the router numbered one.
    private static string? LastTaskId(ContactAnswer contact) => contact.TaskId.Length > 0 ? contact.TaskId.Replace(':', '_') : null;

    private static bool Ended(ContactAnswer contact) => StatusOf(contact) is ContactStatus.Handled or ContactStatus.Discarded or ContactStatus.Cancelled;

    // As a single server's JSON resource: the last task id once numbered, the agent holding the task or, once ended, the last one who did.
    public static TaskResource From(ContactAnswer contact) => new(
        contact.ContactId, CcpStatus(contact), contact.State, CcpReason(contact), LastTaskId(contact),
        (Routed(contact) || Ended(contact)) && contact.AgentLoginId != 0 ? contact.AgentLoginId : null,
        contact.Disposition != 0 ? contact.Disposition : null,
        contact.ScriptSelector, contact.FeedId, contact.Name, contact.Title,
        DateTimeOffset.FromUnixTimeMilliseconds(contact.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(contact.StatusChangedAt),
        contact.EstimatedWaitSeconds)
    {
        DispositionName = contact.Disposition != 0 ? ((Core.Flow.Disposition)contact.Disposition).ToString() : null,
    };
}
