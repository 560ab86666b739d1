namespace Taskroute.Logs;

/// <summary>
/// The component logs the TechNote asks for when a task goes astray, one per CCE process. Each is
/// written to its own folder, named by <see cref="ComponentLogNames.Of"/> (CCE's short names).
/// </summary>
public enum ComponentLog : byte
{
    /// <summary>CCP Public REST API (<c>ccppublicapps</c>): where the Task API request arrives.</summary>
    CcpPublicApps,

    /// <summary>CCP REST API (<c>ccpapi</c>): contact eventing, and Finesse closing the contact.</summary>
    CcpApi,

    /// <summary>CCP Runtime Service (<c>runtime</c>): the SocialContact is created.</summary>
    Runtime,

    /// <summary>Finesse Desktop WebServices (<c>webservices</c>): what the desktop sends and receives.</summary>
    WebServices,

    /// <summary>ICM CTI Server (<c>ctisvr</c>): ARM indications and agent events.</summary>
    CtiSvr,

    /// <summary>ICM Media Routing PIM (<c>pim</c>): the MR protocol dumps and the router dialogue.</summary>
    Pim,

    /// <summary>ICM Router (<c>rtr</c>): new calls, routing decisions, agent states.</summary>
    Rtr,
}
