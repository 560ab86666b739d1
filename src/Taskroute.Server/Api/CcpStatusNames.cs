using Taskroute.Core.Flow;

namespace Taskroute.Server.Api;

/// <summary>
/// A contact's status in CCP's words, as the Task API answers it, so that a trace and a poll of the
/// same contact never disagree: CCP has no "cancelled" status, a cancelled contact is discarded with
/// the reason "cancelled".
/// </summary>
internal static class CcpStatusNames
{
    /// <summary>Every status a contact shows, as the task list filters by them and the API document lists them.</summary>
    public static readonly IReadOnlyList<string> All = ["unread", "queued", "reserved", "handled", "discarded"];

    // The rule is Core's, which the analyzer shares: the trace and `taskroute analyze` name a status alike.
    public static string? Of(ContactStatus status) => Core.Tracing.TraceStatusNames.Of(status);

    /// <summary>
    /// Why the contact is as it is: a cancelled one says "cancelled"; one discarded with no words of
    /// its own (an agent closed a task it had not started, for one) says its disposition, in the
    /// trace's words for it, rather than nothing.
    /// </summary>
    public static string? ReasonOf(ContactStatus status, string? reason, Disposition disposition = Disposition.None) => status switch
    {
        ContactStatus.Cancelled => "cancelled",
        ContactStatus.Discarded when reason is null && disposition != Disposition.None => disposition.Words(),
        _ => reason,
    };
}
