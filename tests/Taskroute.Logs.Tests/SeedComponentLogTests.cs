namespace Taskroute.Logs.Tests;

/// <summary>
/// The TechNote's task, written at the default level: each component's file holds the TechNote's
/// lines for it, with the ids our run gives (DialogueID 1 where the TechNote's lab had 4).
/// </summary>
public sealed class SeedComponentLogTests : IDisposable
{
    private const string Contact = "ae93f5ad-452d-4c52-8057-8d23864a8a8a";
    private readonly TempDirectory _dir = new();

    public SeedComponentLogTests()
    {
        using var writer = new ComponentLogWriter(_dir.Settings());
        foreach (var batch in SeedFlow.Batches()) writer.Write(batch);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_component_writes_one_dated_file_under_its_own_folder()
    {
        foreach (var component in ComponentLogNames.All)
        {
            var name = ComponentLogNames.Of(component);
            Assert.Equal([$"{name}.2024-01-30.1.log"], _dir.Files(component));
        }
    }

    [Fact]
    public void Ctisvr_logs_the_offer_with_the_task_id_in_each_of_its_forms()
    {
        var log = _dir.Read(ComponentLog.CtiSvr);
        Assert.StartsWith("Events from January 30, 2024\n", log, StringComparison.Ordinal);
        Assert.Contains("08:54:27:874 cg3A-ctisvr Trace: AGENT_EVENT: ID=1080 Periph=5000 Ext=1080 Inst=1080 Sig=Finesse UniqueID=1080\n", log, StringComparison.Ordinal);
        Assert.Contains("08:55:58:923 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x", log, StringComparison.Ordinal);
        Assert.Contains("08:55:58:923 cg3A-ctisvr Session 3: TaskID:154526/37051928/1ARMSkillGroupID:5199 ARMServiceID:N/A)\n", log, StringComparison.Ordinal);
        Assert.Contains("08:55:58:923 cg3A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011\n" +
                        "08:55:58:923 cg3A-ctisvr Trace: TaskID=154526:37051928:1 ICMAgentID=5172 SkillGroupID=5199\n", log, StringComparison.Ordinal);
        Assert.Contains("08:56:53:745 cg3A-ctisvr Trace: START_TASK_EVENT: PeripherlID=5000 PeripherlType=4 MRDomainID=5011\n", log, StringComparison.Ordinal);
        Assert.Contains("08:58:10:536 cg3A-ctisvr Session 3: TaskID:154526/37051928/1ICMDisposition:38 ApplicationDisposition:38", log, StringComparison.Ordinal);
        Assert.Contains("08:58:10:536 cg3A-ctisvr Trace: END_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011\n" +
                        "08:58:10:536 cg3A-ctisvr Trace: TaskID=154526:37051928:1 PreviousTaskID=-1:-1:-1\n" +
                        "08:58:10:536 cg3A-ctisvr Trace: ICMAgentID=5172\n", log, StringComparison.Ordinal);
        Assert.Contains("cg3A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=1080 RouterCallKey=154526 37051928", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctisvr_keeps_its_processing_lines_for_debug()
    {
        var log = _dir.Read(ComponentLog.CtiSvr);
        Assert.DoesNotContain("SendARMMsg:", log, StringComparison.Ordinal);
        Assert.DoesNotContain("ProcessOfferTaskInd", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Pim_dumps_new_task_and_do_this_with_task_field_by_field()
    {
        var log = _dir.Read(ComponentLog.Pim);
        Assert.StartsWith("Events from January 30, 2024\n", log, StringComparison.Ordinal);
        Assert.Contains(
            "08:55:49:233 PG2A-pim3 Trace: Application->PG:\n" +
            "Message = NEW_TASK; Length = 200 bytes\n" +
            "DialogueID = (1) Hex 00000001\n" +
            "SendSeqNo = (1) Hex 00000001\n" +
            "MRDomainID = Undefined\n" +
            "PreviousTask = -1:-1:-1\n" +
            "PreferredAgent = Undefined\n" +
            "Service = (0) Hex 00000000\n" +
            "CiscoReserved = (0) Hex 00000000\n" +
            "ScriptSelector: CumulusTask\n" +
            $"ApplicationString1: {Contact}\n", log, StringComparison.Ordinal);
        Assert.Contains(
            "08:55:49:233 PG2A-pim3 Trace: Send INRCMSGNewCall to Router : :\n" +
            "NEW_CALL RCID=5004 PID=5001 DID=1 DIDRelSeq#=1 GrpDelKey=5004 CRS(RtrDate=-1,RtrCID=-1) RCKSeq#=-1", log, StringComparison.Ordinal);
        Assert.Contains(
            "08:55:49:233 PG2A-pim3 Trace: MR_Peripheral::On_Router_Connect:\n" +
            "CONNECT RCID=5004 PID=5001 DID=1 DIDRelSeq#=0 CRS(RtrDate=154526,RtrCID=37051928) RCKSeq#=0 ErrorCode=0\n", log, StringComparison.Ordinal);
        Assert.Contains(
            "08:55:49:233 PG2A-pim3 Trace: PG->Application:\n" +
            "Message = DO_THIS_WITH_TASK; Length = 135 bytes\n" +
            "DialogueID = (1) Hex 00000001\n" +
            "SendSeqNo = (1) Hex 00000001\n" +
            "IcmTaskID = 154526:37051928: 1\n" +
            "SkillGroup = (5199) Hex 0000144f\n" +
            "Service = Undefined\n" +
            "Agent = (5172) Hex 00001434\n" +
            "AgentInfo: 5172\n" +
            "Label:\n" +
            "ApplicationString2:\n" +
            "MRDID = (5011) Hex 00001393\n" +
            "Interruptible = (1) Hex 00000001\n", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Router_logs_the_new_call_the_pre_call_the_connect_and_the_agent_states()
    {
        var log = _dir.Read(ComponentLog.Rtr);
        Assert.Contains($"08:55:49:233 ra-rtr Trace: (1 x 0 : 0 0) NewCall: CID=(154526,37051928), DN=CumulusTask, ANI={Contact}\n", log, StringComparison.Ordinal);
        Assert.Contains("08:55:49:233 ra-rtr Trace: (1 x 0 : 0 0) CID=(154526,37051928):CumulusTask:Step 1 sending call to Agent 5172", log, StringComparison.Ordinal);
        Assert.Contains("08:55:49:233 ra-rtr Trace: (1 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154526,37051928), PerID=5000, PQ", log, StringComparison.Ordinal);
        Assert.Contains($"08:55:49:233 ra-rtr Trace: DN=CumulusTask, ANI={Contact}, CED=", log, StringComparison.Ordinal);
        Assert.Contains("08:55:49:233 ra-rtr Trace: (1 x 0 : 0 0) Connect: CID=(154526,37051928), EventSelect=0x0, ServiceType=0\n", log, StringComparison.Ordinal);
        Assert.Contains("ra-rtr Trace: Agent 5172 from PG domain 5011. [na-0:3[0],RA*] to [res-0+1:3[0],", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Deleting Dialog.", log, StringComparison.Ordinal);
        Assert.DoesNotContain("AgentUpdate", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Ccp_logs_the_request_the_created_contact_and_each_status_in_cisco_log_format()
    {
        var publicApps = _dir.Read(ComponentLog.CcpPublicApps);
        Assert.Matches(@"^0000000001: 192\.168\.1\.1: Jan 30 2024 08:55:49\.233 -0500: %CCBU__CCPPUBLICAPPS-6-REQUEST_INITIATED: %\[", publicApps);
        Assert.Contains($"%CCBU_____CCPAPI-6-CREATE_SOCIAL_CONTACT: %[SocialContactID={Contact}]", publicApps, StringComparison.Ordinal);

        var runtime = _dir.Read(ComponentLog.Runtime);
        Assert.Contains($"192.168.1.1: Jan 30 2024 08:55:49.233 -0500: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID={Contact}]", runtime, StringComparison.Ordinal);
        Assert.Contains("%CCBU_____FEEDS-6-SOCIAL_CONTACT_PROCESSOR: ", runtime, StringComparison.Ordinal);

        var api = _dir.Read(ComponentLog.CcpApi);
        foreach (var status in new[] { "queued", "reserved", "handled" })
            Assert.Contains($"%CCBU_____EVENTING-6-DS_NOTIFICATION_EVENT: %[SocialContactID={Contact}][Status={status}]", api, StringComparison.Ordinal);
        Assert.Contains($"%CCBU_____EVENTING-6-SOCIAL_CONTACT_PUBLISH_EVENT: %[SocialContactID={Contact}][Status=reserved][TaskID=154526_37051928_1][ICMAgentID=5172]", api, StringComparison.Ordinal);
        Assert.Contains($"Jan 30 2024 08:58:10.536 -0500: %CCBU_____CCPAPI-6-REST_API_INFO: CONTACT_UPDATE_REQUEST %[SocialContactID={Contact}][Status=handled][TaskID=154526_37051928_1]", api, StringComparison.Ordinal);
    }

    [Fact]
    public void Cisco_log_sequence_numbers_count_per_facility_with_ten_digits()
    {
        var lines = _dir.Read(ComponentLog.CcpApi).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var eventing = lines.Where(l => l.Contains("%CCBU_____EVENTING-", StringComparison.Ordinal)).Select(l => l[..10]).ToArray();
        Assert.Equal(Enumerable.Range(1, eventing.Length).Select(n => n.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)), eventing);
    }

    [Fact]
    public void Webservices_names_the_dialog_and_the_agent_in_finesse_form()
    {
        var log = _dir.Read(ComponentLog.WebServices);
        Assert.Matches(@"\n\d+: \[INFO\]: \[call-id \[154526_37051928_1\]\] \[agent-id \[1080\]\]: \[Jan 30 2024 08:55:58\.923 -0500\]: \[EVENT_POOL-1-worker-\d+\]: ", log);
        Assert.Matches(@"\d+: \[INFO\]: \[call-id\] \[agent-id\]: \[Jan 30 2024 08:55:58\.923 -0500\]: \[COMMAND_POOL-1-worker-\d+\]: .*OFFER_TASK_IND.*taskId=154526_37051928_1", log);
        Assert.Contains("[SM-TASK-NOTIFIER-POOL-1]", log, StringComparison.Ordinal);
        Assert.StartsWith("1: [INFO]: ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("[DEBUG]", log, StringComparison.Ordinal);
    }
}
