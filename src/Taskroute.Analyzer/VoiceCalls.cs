using System.Runtime.CompilerServices;
using Taskroute.Core.Flow;

namespace Taskroute.Analyzer;

/// <summary>
/// Router calls that show nothing of task routing: voice calls, which the router and ctisvr log
/// alongside tasks (a NewCall with a dialed number and a caller's number, a pre-call for the voice
/// MRD). They are counted and named in a note rather than reported as tasks that never ended.
/// </summary>
internal sealed class VoiceCalls
{
    /// <summary>The MRD UCCE creates for voice (Cisco_Voice).</summary>
    public const int VoiceMrd = 1;

    private const int MaxExamples = 3;
    private readonly List<string> _examples = [];

    public long Count { get; private set; }

    /// <summary>True, counting it, when <paramref name="events"/> are a router call with no sign of task routing.</summary>
    public bool Skip(List<LogEvent> events)
    {
        if (!IsVoiceCall(events)) return false;
        Count++;
        if (_examples.Count < MaxExamples && events.FirstOrDefault(e => e.RouterCallKey != 0) is { } call)
            _examples.Add($"{call.RouterCallKeyDay}:{call.RouterCallKey}");
        return true;
    }

    public string? Note() => Count == 0 ? null :
        $"{Count:N0} router {(Count == 1 ? "call" : "calls")} ({string.Join(", ", _examples)}{(Count > _examples.Count ? ", ..." : "")}) showed no sign of task routing " +
        "(no MR PIM NEW_TASK, no SocialContact id, no task message, no MRD but voice's): taken for voice calls and not reported as tasks.";

    /// <summary>
    /// A call (events with a RouterCallKey) none of whose events is task routing's: an MR PIM or CCP
    /// line, a SocialContact id, an MRD other than voice's, a task message, or Finesse naming a task id.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsVoiceCall(List<LogEvent> events)
    {
        var call = false;
        foreach (var e in events)
        {
            if (e.Component is LogComponent.Pim or LogComponent.CcpApi or LogComponent.CcpPublicApps or LogComponent.Runtime) return false;
            if (e.ContactId != Guid.Empty || e.MrdId is not (0 or VoiceMrd)) return false;
            if (e.Component == LogComponent.WebServices && !e.TaskId.IsNone) return false;
            if (e.Type is { } type && IsTaskMessage(type, e.Component)) return false;
            if (e.RouterCallKey != 0) call = true;
        }
        return call;
    }

    private static bool IsTaskMessage(MessageType type, LogComponent component) => type switch
    {
        MessageType.NEW_TASK or MessageType.CANCEL_TASK or MessageType.DO_THIS_WITH_TASK or MessageType.NEW_TASK_FAILURE_EVENT or MessageType.CLOSE_TASK => true,
        // The router queues voice calls as well.
        MessageType.QUEUED_TASK_EVENT => component != LogComponent.Rtr,
        >= MessageType.OFFER_TASK_IND and <= MessageType.END_TASK_IND => true,
        >= MessageType.OFFER_TASK_EVENT and <= MessageType.END_TASK_EVENT => true,
        _ => false,
    };
}
