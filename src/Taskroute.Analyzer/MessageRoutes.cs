using System.Runtime.CompilerServices;
using Taskroute.Core.Flow;

namespace Taskroute.Analyzer;

/// <summary>Which module sends a message and which receives it, by the seed's message flow.</summary>
internal static class MessageRoutes
{
    /// <summary>True for the messages that end a task: its end, its close, or its refusal.</summary>
    public static bool EndsTask(MessageType? type) =>
        type is MessageType.END_TASK_EVENT or MessageType.END_TASK_IND or MessageType.CLOSE_TASK or MessageType.NEW_TASK_FAILURE_EVENT;

    /// <summary>Routes with the message names already read in <paramref name="types"/> (-1 for no type), which it adds to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Route(LogEvent e, Dictionary<string, int> types)
    {
        if (!types.TryGetValue(e.Message, out var known))
        {
            Route(e);
            types[e.Message] = e.Type is { } t ? (int)t : -1;
            return;
        }
        e.Type = known >= 0 ? (MessageType)known : null;
        (e.From, e.To) = Modules(e);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Route(LogEvent e)
    {
        e.Type = Enum.TryParse<MessageType>(e.Message, out var type) && Enum.IsDefined(type) && !IsTaskrouteOwn(type) ? type : null;
        (e.From, e.To) = Modules(e);
    }

    // Taskroute's own messages of an agent's state, numbered per task, which its component logs do
    // not write: a ctisvr line of that name (CTI's interrupt advisories are per MRD) names no task,
    // and is read as any line of a message the analyzer does not follow.
    private static bool IsTaskrouteOwn(MessageType type) =>
        type is MessageType.AGENT_PENDING_STATE_EVENT or MessageType.AGENT_INTERRUPT_ADVISORY_EVENT or MessageType.AGENT_INTERRUPT_DONE_ADVISORY_EVENT;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (Module From, Module To) Modules(LogEvent e)
    {
        return e.Message switch
        {
            "CREATE_SOCIAL_CONTACT" or "DELETE_SOCIAL_CONTACT" or "REQUEST_INITIATED" => (Module.Application, Module.Ccp),
            "SOCIAL_CONTACT_CREATED" or "SOCIAL_CONTACT_UPDATED" => (Module.Ccp, Module.Application),
            "NEW_TASK" or "CANCEL_TASK" => (Module.Ccp, Module.MediaRouting),
            "DO_THIS_WITH_TASK" or "NEW_TASK_FAILURE_EVENT" or "QUEUED_TASK_EVENT" when e.Component != LogComponent.Rtr => (Module.MediaRouting, Module.Ccp),
            "QUEUED_TASK_EVENT" => (Module.Router, Module.MediaRouting),
            "NEW_CALL" or "RELEASE_CALL" => (Module.MediaRouting, Module.Router),
            "CONNECT" or "ROUTE_END" => (Module.Router, Module.MediaRouting),
            "SCRIPT_STEP" => (Module.Router, Module.Router),
            "DEVICE_TARGET_PRE_CALL_IND" => (Module.Router, Module.AgentPeripheral),
            "AGENT_UPDATE" or "REQUEUE_TASK" => (Module.AgentPeripheral, Module.Router),
            "AGENT_EVENT" when e.Component == LogComponent.Rtr => (Module.AgentPeripheral, Module.Router),
            "CLOSE_TASK" => (Module.Desktop, Module.Ccp),
            "DIALOG_UPDATE" => (Module.Desktop, Module.Agent),
            "DECODE_ERROR" => (Module.AgentPeripheral, Module.AgentPeripheral),
            "TIMER_EXPIRED" => (Module.Clock, e.Component switch
            {
                LogComponent.Rtr => Module.Router,
                LogComponent.Pim => Module.MediaRouting,
                _ => Module.AgentPeripheral,
            }),
            // CCP's own messages (its eventing's DS_NOTIFICATION_EVENT, the datastore's) stay within CCP:
            // CCP logs no CTI message, whatever its name ends with.
            _ when e.Component is LogComponent.CcpApi or LogComponent.CcpPublicApps or LogComponent.Runtime => (Module.Ccp, Module.Ccp),
            _ when e.Message.EndsWith("_IND", StringComparison.Ordinal) || e.Message.EndsWith("_REQ", StringComparison.Ordinal) => (Module.Desktop, Module.AgentPeripheral),
            _ when e.Message.EndsWith("_EVENT", StringComparison.Ordinal) || e.Message == "FAILURE_RESP" => (Module.AgentPeripheral, Module.Desktop),
            _ => (Module.Desktop, Module.Desktop),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AgentState? State(ReadOnlySpan<char> name) => name switch
    {
        "LOGIN" => AgentState.LOGIN,
        "LOGOUT" => AgentState.LOGOUT,
        "NOT_READY" => AgentState.NOT_READY,
        "RESERVED" => AgentState.RESERVED,
        "ACTIVE" => AgentState.ACTIVE,
        "PAUSED" => AgentState.PAUSED,
        "INTERRUPTED" => AgentState.INTERRUPTED,
        // Finesse calls a non-voice MRD's NOT_ACTIVE "READY"; CTI's AVAILABLE is a voice state, not this.
        "NOT_ACTIVE" or "READY" => AgentState.NOT_ACTIVE,
        "WORK_READY" or "WORK_NOT_READY" or "WORK" => AgentState.WORK,
        _ => null,
    };

    /// <summary>The router's abbreviations in <c>[res-0+1:3[0],R]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AgentState? RouterState(ReadOnlySpan<char> abbreviation) => abbreviation switch
    {
        "li" => AgentState.LOGIN,
        "lo" => AgentState.LOGOUT,
        "nr" => AgentState.NOT_READY,
        "res" => AgentState.RESERVED,
        "act" => AgentState.ACTIVE,
        "pau" => AgentState.PAUSED,
        "int" => AgentState.INTERRUPTED,
        "na" => AgentState.NOT_ACTIVE,
        "wrk" => AgentState.WORK,
        _ => null,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ContactStatus Status(ReadOnlySpan<char> name) =>
        Enum.TryParse<ContactStatus>(name, ignoreCase: true, out var s) && Enum.IsDefined(s) && !char.IsAsciiDigit(name.IsEmpty ? 'x' : name[0]) ? s : ContactStatus.None;

    /// <summary>The message names the parsers accept as a ctisvr or Finesse message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsMessageName(ReadOnlySpan<char> name) =>
        name.Length > 3 && Enum.TryParse<MessageType>(name, out var t) && Enum.IsDefined(t) && !IsTaskrouteOwn(t) && !char.IsAsciiDigit(name[0]);
}
