using Taskroute.Core.Flow;

namespace Taskroute.Core.Tracing;

/// <summary>
/// A task's status as its trace names it, in the Task API's words: the trace (<c>GET /api/v1/traces</c>)
/// and <c>taskroute analyze</c> name a task's end by this one rule, so that the two tell one story.
/// </summary>
public static class TraceStatusNames
{
    /// <summary>
    /// <c>transferred</c> for a task that ended by a transfer (its contact goes on as another task);
    /// otherwise the contact's status as the Task API shows it, where a cancel is <c>discarded</c>
    /// (its reason says <c>cancelled</c>); null before the contact existed.
    /// </summary>
    public static string? Of(ContactStatus status, Disposition disposition, bool ended) =>
        ended && disposition.IsTransfer() ? "transferred" : Of(status);

    /// <summary>The contact's status as the Task API shows it: CCP has no status of its own for a cancel.</summary>
    public static string? Of(ContactStatus status) => status switch
    {
        ContactStatus.None => null,
        ContactStatus.Unread => "unread",
        ContactStatus.Queued => "queued",
        ContactStatus.Reserved => "reserved",
        ContactStatus.Handled => "handled",
        _ => "discarded",
    };
}
