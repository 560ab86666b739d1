namespace Taskroute.Analyzer;

/// <summary>
/// Which of the TechNote's seven logs a source is, recognised from its lines (never its name).
/// The short names are those of <c>file get activelog</c> and Taskroute's own log folders.
/// </summary>
public enum LogComponent : byte
{
    Unknown,
    CcpPublicApps,
    CcpApi,
    Runtime,
    WebServices,
    CtiSvr,
    Pim,
    Rtr,
}
