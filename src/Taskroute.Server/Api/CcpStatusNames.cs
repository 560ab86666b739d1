using Taskroute.Core.Flow;

namespace Taskroute.Server.Api;

/// <summary>
/// A contact's status in CCP's words, as the Task API answers it, so that a trace and a poll of the
/// same contact never disagree: CCP has no "cancelled" status, a cancelled contact is discarded with
/// the reason "cancelled".
/// </summary>
internal static class CcpStatusNames
{
    public static string? Of(ContactStatus status) => status switch
    {
        ContactStatus.None => null,
        ContactStatus.Unread => "unread",
        ContactStatus.Queued => "queued",
        ContactStatus.Reserved => "reserved",
        ContactStatus.Handled => "handled",
        _ => "discarded",
    };

    public static string? ReasonOf(ContactStatus status, string? reason) => status == ContactStatus.Cancelled ? "cancelled" : reason;
}
