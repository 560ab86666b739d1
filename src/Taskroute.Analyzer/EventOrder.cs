using Taskroute.Core.Flow;

namespace Taskroute.Analyzer;

/// <summary>
/// The order of events: by time, then (for messages logged in the same millisecond by different
/// components) by their place in the seed's flow, then by where they were read.
/// </summary>
internal static class EventOrder
{
    public static int Compare(LogEvent? a, LogEvent? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        var c = a.Time.CompareTo(b.Time);
        if (c != 0) return c;
        c = Rank(a).CompareTo(Rank(b));
        return c != 0 ? c : a.Order.CompareTo(b.Order);
    }

    private static int Rank(LogEvent e) => e.Type switch
    {
        MessageType.CREATE_SOCIAL_CONTACT => 0,
        MessageType.SOCIAL_CONTACT_CREATED => 10,
        MessageType.NEW_TASK => 20,
        MessageType.NEW_CALL => 30,
        MessageType.SOCIAL_CONTACT_UPDATED when e.Status == ContactStatus.Queued => 35,
        MessageType.QUEUED_TASK_EVENT => 40,
        MessageType.DEVICE_TARGET_PRE_CALL_IND => 50,
        MessageType.AGENT_EVENT when e.AgentState == AgentState.RESERVED => 55,
        MessageType.AGENT_PRE_CALL_EVENT => 56,
        MessageType.SOCIAL_CONTACT_UPDATED when e.Status == ContactStatus.Reserved => 57,
        MessageType.CONNECT => 60,
        MessageType.DO_THIS_WITH_TASK => 70,
        MessageType.OFFER_TASK_IND => 80,
        MessageType.OFFER_TASK_EVENT => 90,
        MessageType.START_TASK_IND => 100,
        MessageType.AGENT_EVENT when e.AgentState == AgentState.ACTIVE => 105,
        MessageType.START_TASK_EVENT => 110,
        MessageType.END_TASK_IND => 200,
        MessageType.AGENT_EVENT when e.AgentState == AgentState.NOT_ACTIVE => 205,
        MessageType.END_TASK_EVENT => 210,
        MessageType.CLOSE_TASK => 220,
        MessageType.SOCIAL_CONTACT_UPDATED => 230,
        _ when e.Message == "SCRIPT_STEP" => 45,
        _ when e.Message == "DECODE_ERROR" => 201,
        _ => 150,
    };
}
