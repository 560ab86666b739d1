using Taskroute.Core.Flow;

namespace Taskroute.Logs;

// CCP's three logs, in the Cisco Log format:
// SEQ: HOST: Jan 30 2024 08:55:49.272 -0500: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[key=value]...: text
public sealed partial class ComponentLogWriter
{
    private static readonly byte[][] FacilityTags =
    [
        "%CCBU__CCPPUBLICAPPS"u8.ToArray(), "%CCBU_____CCPAPI"u8.ToArray(), "%CCBU_____FEEDS"u8.ToArray(),
        "%CCBU_____EVENTING"u8.ToArray(), "%CCBU_____CAMPAIGN"u8.ToArray(), "%CCBU_____CCP-DS-API"u8.ToArray(),
        "%CCBU_____NOTIFICATION"u8.ToArray(), "%CCBU_____MSGPROXY"u8.ToArray(),
    ];

    // In the Task API's words, as a poll of the contact answers: CCP has no status "cancelled", a cancelled contact is discarded.
    private static readonly byte[][] StatusNames =
        [.. Enum.GetValues<ContactStatus>().Select(s => System.Text.Encoding.ASCII.GetBytes(Core.Tracing.TraceStatusNames.Of(s) ?? "none"))];

    /// <summary>Starts a Cisco Log line up to and including the mnemonic's colon.</summary>
    private LogFile Cisco(LogFile file, CiscoFacility facility, ReadOnlySpan<byte> mnemonic, int severity = 6) =>
        file.Padded(++file.FacilitySequence[(int)facility], 10).Bytes(": "u8).Bytes(_host).Bytes(": "u8).Bytes(_clock.Cisco)
            .Bytes(": "u8).Bytes(FacilityTags[(int)facility]).Char('-').Int(severity).Char('-').Bytes(mnemonic).Bytes(": "u8);

    private static LogFile ContactField(LogFile file, in FlowEvent e) => file.Bytes("%[SocialContactID="u8).Guid(e.ContactId).Char(']');

    private static LogFile DialogId(LogFile file, in FlowEvent e) =>
        file.Int(e.TaskId.Day).Char('_').Int(e.TaskId.Key).Char('_').Int(e.TaskId.Sequence);

    private static LogFile Feed(LogFile f, in FlowEvent e) =>
        e.Data is { FeedId: not 0 } data ? f.Bytes("[FeedID="u8).Int(data.FeedId).Char(']') : f;

    // CREATE_SOCIAL_CONTACT and DELETE_SOCIAL_CONTACT: the Task API request as public apps,
    // the REST API and (for a create) the runtime see it.
    private void CcpRequest(in FlowEvent e)
    {
        var create = e.Message == MessageType.CREATE_SOCIAL_CONTACT;
        if (On(ComponentLog.CcpPublicApps, ComponentLogLevel.INFO))
        {
            var f = Entry(ComponentLog.CcpPublicApps);
            Cisco(f, CiscoFacility.CcpPublicApps, "REQUEST_INITIATED"u8)
                .Bytes(create ? "%[Description=Create task request]"u8 : "%[Description=Delete task request]"u8)
                .Bytes("[SocialContactID="u8).Guid(e.ContactId).Bytes("]"u8);
            Feed(f, in e).Bytes("[ScriptSelector="u8).Text(e.ScriptSelector).Bytes("]: Task API request initiated"u8).Line();
            Cisco(f, CiscoFacility.CcpApi, create ? "CREATE_SOCIAL_CONTACT"u8 : "DELETE_SOCIAL_CONTACT"u8);
            Feed(ContactField(f, in e), in e).Bytes(": Request sent to the CCP REST API"u8).Line();
        }
        if (On(ComponentLog.CcpApi, ComponentLogLevel.INFO))
        {
            var f = Entry(ComponentLog.CcpApi);
            Cisco(f, CiscoFacility.CcpApi, "REST_API_INFO"u8).Bytes(create ? "CONTACT_CREATE_REQUEST "u8 : "CONTACT_DELETE_REQUEST "u8);
            Feed(ContactField(f, in e), in e).Bytes(": Request received"u8).Line();
        }
        if (create && On(ComponentLog.Runtime, ComponentLogLevel.INFO))
        {
            var f = Entry(ComponentLog.Runtime);
            Cisco(f, CiscoFacility.Feeds, "MSG_INCOMING_FROM_BUS"u8).Bytes("%[MessageType=CREATE_SOCIAL_CONTACT]"u8)
                .Bytes("[SocialContactID="u8).Guid(e.ContactId).Bytes("]: Message received from the bus"u8).Line();
            Cisco(f, CiscoFacility.Feeds, "CREATE_SOCIAL_CONTACT"u8);
            Feed(ContactField(f, in e), in e).Bytes("[ScriptSelector="u8).Text(e.ScriptSelector)
                .Bytes("]: Creating SocialContact"u8).Line();
        }
    }

    // SOCIAL_CONTACT_CREATED: the runtime creates the contact (unread) and, at DEBUG, files it
    // through the campaign filters as the TechNote shows.
    private void RuntimeCreated(in FlowEvent e)
    {
        if (!On(ComponentLog.Runtime, ComponentLogLevel.INFO)) return;
        var f = Entry(ComponentLog.Runtime);
        Cisco(f, CiscoFacility.Feeds, "SOCIAL_CONTACT_CREATED"u8);
        Feed(ContactField(f, in e), in e).Bytes(": SocialContact created"u8).Line();
        Cisco(f, CiscoFacility.Feeds, "SOCIAL_CONTACT_PROCESSOR"u8);
        ContactField(f, in e).Bytes("[Status="u8).Bytes(StatusNames[(int)e.ContactStatus]).Bytes("]: SocialContact handed to the processor"u8).Line();
        Cisco(f, CiscoFacility.Feeds, "SOCIAL_CONTACT_CREATED"u8);
        ContactField(f, in e).Bytes("[Status="u8).Bytes(StatusNames[(int)e.ContactStatus]).Bytes("]: SocialContact stored"u8).Line();
        if (!On(ComponentLog.Runtime, ComponentLogLevel.DEBUG)) return;
        Cisco(f, CiscoFacility.CcpDsApi, "CCP_DS_API_MESSAGE"u8).Bytes("Read SocialContact "u8).Guid(e.ContactId).Line();
        Cisco(f, CiscoFacility.Campaign, "RECEIVED_FILTER_SOCIAL_CONTACT"u8);
        ContactField(f, in e).Bytes(": Filtering SocialContact for campaigns"u8).Line();
        Cisco(f, CiscoFacility.Campaign, "SC_FILTER_CACHE_UPDATE"u8);
        ContactField(f, in e).Bytes(": Filter cache updated"u8).Line();
        Cisco(f, CiscoFacility.Campaign, "UPDATING_SOCIAL_CONTACT"u8);
        ContactField(f, in e).Bytes("[Status="u8).Bytes(StatusNames[(int)e.ContactStatus]).Bytes("]: Campaign and tags set"u8).Line();
        Cisco(f, CiscoFacility.CcpDsApi, "CCP_DS_API_MESSAGE"u8).Bytes("Read SocialContact "u8).Guid(e.ContactId).Line();
        Cisco(f, CiscoFacility.Notification, "NOTIFICATION_REQUEST"u8);
        ContactField(f, in e).Bytes(": Notification requested"u8).Line();
    }

    // SOCIAL_CONTACT_UPDATED: the REST API's eventing publishes the new status (queued, reserved, handled...).
    private void EventingUpdated(in FlowEvent e)
    {
        if (!On(ComponentLog.CcpApi, ComponentLogLevel.INFO)) return;
        var f = Entry(ComponentLog.CcpApi);
        if (On(ComponentLog.CcpApi, ComponentLogLevel.DEBUG))
        {
            Cisco(f, CiscoFacility.Eventing, "MSG_INCOMING_FROM_BUS"u8);
            ContactField(f, in e).Bytes(": SocialContact update received from the bus"u8).Line();
        }
        Cisco(f, CiscoFacility.Eventing, "DS_NOTIFICATION_EVENT"u8);
        ContactField(f, in e).Bytes("[Status="u8).Bytes(StatusNames[(int)e.ContactStatus]).Bytes("]: Datastore notification"u8).Line();
        Cisco(f, CiscoFacility.Eventing, "SOCIAL_CONTACT_PUBLISH_EVENT"u8);
        StatusFields(f, in e).Bytes(": Publishing SocialContact status"u8).Line();
        Cisco(f, CiscoFacility.Eventing, "SOCIAL_CONTACT_PUBLISH_SUCCESS"u8);
        StatusFields(f, in e).Bytes(": SocialContact status published"u8).Line();
    }

    private static LogFile StatusFields(LogFile f, in FlowEvent e)
    {
        ContactField(f, in e).Bytes("[Status="u8).Bytes(StatusNames[(int)e.ContactStatus]).Char(']');
        if (HasTaskId(in e)) DialogId(f.Bytes("[TaskID="u8), in e).Char(']');
        // A task back in the queue (a ring-out) has no agent, whatever agent CCP remembers it last had.
        if (e.AgentId != 0 && e.ContactStatus is not (ContactStatus.Queued or ContactStatus.Unread)) f.Bytes("[ICMAgentID="u8).Int(e.AgentId).Char(']');
        if (e.Disposition != Disposition.None) f.Bytes("[Disposition="u8).Int((int)e.Disposition).Char(']');
        return f;
    }

    // CLOSE_TASK: Finesse's REST call closing the contact, as the REST API logs it.
    private void CcpApiClose(in FlowEvent e)
    {
        if (!On(ComponentLog.CcpApi, ComponentLogLevel.INFO)) return;
        var f = Entry(ComponentLog.CcpApi);
        Cisco(f, CiscoFacility.CcpApi, "REST_API_INFO"u8).Bytes("CONTACT_UPDATE_REQUEST "u8);
        StatusFields(f, in e).Bytes(": Close request from Finesse"u8).Line();
        Cisco(f, CiscoFacility.CcpApi, "REST_API_INFO"u8).Bytes("CONTACT_STATUS_UPDATED "u8);
        StatusFields(f, in e).Bytes(": SocialContact status updated"u8).Line();
        if (On(ComponentLog.CcpApi, ComponentLogLevel.DEBUG))
        {
            Cisco(f, CiscoFacility.CcpDsApi, "CCP_DS_API_MESSAGE"u8).Bytes("Write SocialContact "u8).Guid(e.ContactId).Line();
            Cisco(f, CiscoFacility.CcpDsApi, "CCP_DS_API_MESSAGE"u8).Bytes("Read SocialContact "u8).Guid(e.ContactId).Line();
        }
        Cisco(f, CiscoFacility.CcpApi, "REST_API_INFO"u8).Bytes("CONTACT_UPDATE_RESPONSE "u8);
        StatusFields(f, in e).Bytes(": 200 OK"u8).Line();
    }
}
