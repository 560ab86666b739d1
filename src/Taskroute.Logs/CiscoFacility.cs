namespace Taskroute.Logs;

/// <summary>
/// CCP's Cisco Log facilities. Each keeps its own sequence number within a process, which is why the
/// TechNote's runtime log shows 0000000056 (FEEDS) next to 0000000140 (CCP-DS-API).
/// </summary>
internal enum CiscoFacility : byte
{
    CcpPublicApps,
    CcpApi,
    Feeds,
    Eventing,
    Campaign,
    CcpDsApi,
    Notification,
    MsgProxy,
}
