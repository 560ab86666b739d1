namespace Taskroute.Core.Flow;

/// <summary>
/// The messages of the flow. Names are CCE's where the seed or the CTI protocol gives one, kept
/// verbatim because they appear in traces and component logs.
/// </summary>
public enum MessageType : byte
{
    // Application -> Ccp (the CCP Task API)
    CREATE_SOCIAL_CONTACT,
    DELETE_SOCIAL_CONTACT,

    // Ccp -> Application (contact status as the Task API reports it)
    SOCIAL_CONTACT_CREATED,
    SOCIAL_CONTACT_UPDATED,

    // Ccp <-> MediaRouting (the MR PG's application interface)
    NEW_TASK,
    CANCEL_TASK,
    QUEUED_TASK_EVENT,
    DO_THIS_WITH_TASK,
    NEW_TASK_FAILURE_EVENT,

    // MediaRouting <-> Router
    NEW_CALL,
    RELEASE_CALL,
    CONNECT,
    ROUTE_END,

    // Router -> AgentPeripheral
    DEVICE_TARGET_PRE_CALL_IND,

    // AgentPeripheral -> Router
    AGENT_UPDATE,
    REQUEUE_TASK,

    // Desktop -> AgentPeripheral (ARM indications)
    MEDIA_LOGIN_REQ,
    MEDIA_LOGOUT_IND,
    MAKE_AGENT_READY_IND,
    MAKE_AGENT_NOT_READY_REQ,
    MAKE_AGENT_ROUTABLE_IND,
    MAKE_AGENT_NOT_ROUTABLE_REQ,
    CHANGE_MAX_TASK_LIMIT_REQ,
    OFFER_TASK_IND,
    START_TASK_IND,
    PAUSE_TASK_IND,
    RESUME_TASK_IND,
    WRAPUP_TASK_IND,
    END_TASK_IND,

    // AgentPeripheral -> Desktop (ctisvr events)
    AGENT_EVENT,
    AGENT_PRE_CALL_EVENT,
    AGENT_PRE_CALL_ABORT_EVENT,
    AGENT_MADE_NOT_ROUTABLE_EVENT,
    OFFER_TASK_EVENT,
    START_TASK_EVENT,
    PAUSE_TASK_EVENT,
    RESUME_TASK_EVENT,
    WRAPUP_TASK_EVENT,
    END_TASK_EVENT,
    FAILURE_RESP,

    // Desktop -> Ccp (Finesse closing or transferring the contact)
    CLOSE_TASK,

    // Clock -> any module
    TIMER_EXPIRED,

    // Router -> Router: a queued task is queued to one more skill group (a queue node naming several,
    // or a later one after a wait), each of which counts it as offered. Last, so that the numbers of
    // the messages journaled before it came stay what they were.
    QUEUE_TARGET_ADDED,

    // Desktop -> Desktop: what the desktop will do once the agent's tasks in an MRD end changed
    // (Finesse's pendingState): AgentState NOT_READY with its ReasonCode while a Not Ready asked
    // while holding tasks waits, LOGIN (none) once it took effect or was withdrawn. No CTI message
    // carries it, as Finesse keeps it itself; the agent's event stream passes it on.
    AGENT_PENDING_STATE_EVENT,

    // AgentPeripheral -> Desktop: an interruptible MRD's started task is interrupted, as a task of a
    // non-interruptible MRD starts (CTI's AGENT_INTERRUPT_ADVISORY_EVENT, 171), and resumes as that
    // ends (AGENT_INTERRUPT_DONE_ADVISORY_EVENT, 174). CTI says them per MRD; here each comes once
    // per started task of the MRD, numbered for it, so the task's journal records and trace hold it.
    AGENT_INTERRUPT_ADVISORY_EVENT,
    AGENT_INTERRUPT_DONE_ADVISORY_EVENT,
}
