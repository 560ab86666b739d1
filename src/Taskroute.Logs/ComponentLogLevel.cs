namespace Taskroute.Logs;

/// <summary>
/// How much a component writes; each level includes the ones above it. Names are Finesse's
/// (<c>utils finesse log configuration update webservices ROOT TRACE</c>).
/// </summary>
public enum ComponentLogLevel : byte
{
    /// <summary>Nothing; the component's file is not even opened.</summary>
    OFF,

    /// <summary>Failures only (FAILURE_RESP, NEW_TASK_FAILURE_EVENT).</summary>
    ERROR,

    /// <summary>Failures and refusals or timeouts worth a look (ROUTE_END, RELEASE_CALL, ring no answer).</summary>
    WARN,

    /// <summary>The default: every line the TechNote shows that names a message and its ids.</summary>
    INFO,

    /// <summary>Adds the TechNote's supporting lines: processing steps, continuations, CCP's campaign and datastore lines, Finesse's REST requests.</summary>
    DEBUG,

    /// <summary>Adds Taskroute's own internal messages (the peripheral's agent updates to the router).</summary>
    TRACE,
}
