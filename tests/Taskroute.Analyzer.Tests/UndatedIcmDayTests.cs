namespace Taskroute.Analyzer.Tests;

/// <summary>
/// ICM excerpts with no date (no dumplog header, none in the file name) from servers at -05:00, a
/// task at 21:30 on January 30, and CCP's logs in UTC, where that moment is 02:30 on January 31.
/// </summary>
public sealed class UndatedIcmDayTests
{
    private const string Contact = "aaaabbbb-cccc-4ddd-8eee-ffff00001111";

    private const string Ccp = $"""
        0000000062:: Jan 31 2024 02:30:00.050 +0000: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID={Contact}]: created
        0000001463:: Jan 31 2024 02:35:00.100 +0000: %CCBU_____CCPAPI-6-REST_API_INFO: CONTACT_UPDATE_REQUEST: %[SocialContactID={Contact}][Status=handled]: closed

        """;

    private const string Router = $"""
        21:30:00:110 ra-rtr Trace: (31 x 0 : 0 0) NewCall: CID=(154526,37100001), DN=CumulusTask, ANI={Contact}
        21:30:00:110 ra-rtr Trace: (31 x 0 : 0 0) Connect: CID=(154526,37100001), EventSelect=0x0, ServiceType=0

        """;

    // ctisvr names the task and its call key, never the contact: no id it shares with CCP.
    private const string Ctisvr = """
        21:30:00:150 cg3A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=1080 RouterCallKey=154526 37100001 RouterCallKeySequenceNumber=0
        21:30:05:000 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x9001 MRDID:5011 ICMAgentID:5172
        21:30:05:000 cg3A-ctisvr Session 3: TaskID:154526/37100001/1ARMSkillGroupID:5199 ARMServiceID:N/A)
        21:30:05:000 cg3A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011
        21:30:05:000 cg3A-ctisvr Trace: TaskID=154526:37100001:1 ICMAgentID=5172 SkillGroupID=5199

        """;

    private static readonly DateOnly January30 = new(2024, 1, 30);

    [Fact]
    public void Undated_ctisvr_lines_sharing_no_id_with_ccp_take_the_day_their_call_keys_name_not_ccps_utc_day()
    {
        var report = LogAnalyzer.Analyze([LogSource.FromText("ccpapi.log", Ccp), LogSource.FromText("rtr.txt", Router), LogSource.FromText("cti.txt", Ctisvr)]);
        Assert.All(report.Sources.Where(s => s.Name.EndsWith(".txt", StringComparison.Ordinal)), s => Assert.Equal(January30, s.Date));
        var task = Assert.Single(report.Tasks);
        // The offer is five seconds after the call, not a day and five seconds.
        Assert.InRange(task.OfferedAt!.Value - task.First, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.Contains(report.Notes, n => n.Contains("cti.txt", StringComparison.Ordinal) && n.Contains("RouterCallKeyDay 154526", StringComparison.Ordinal));
    }

    [Fact]
    public void Undated_icm_lines_with_no_id_or_call_key_take_the_day_before_ccps_utc_day_when_that_is_nearer()
    {
        const string agentOnly = "21:30:00:150 cg3A-ctisvr Trace: AGENT_EVENT: ID=1080 Periph=5000 Ext=1080 Inst=1080 Sig=Finesse UniqueID=1080\n";
        var report = LogAnalyzer.Analyze([LogSource.FromText("ccpapi.log", Ccp), LogSource.FromText("cti.txt", agentOnly)]);
        Assert.Equal(January30, Assert.Single(report.Sources, s => s.Name == "cti.txt").Date);
    }
}
