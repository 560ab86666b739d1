namespace Taskroute.Analyzer.Tests;

/// <summary>
/// A task's status is the contact's as CCP's lines give it, in the Task API's words (a cancel is
/// <c>discarded</c>, as CCP has it); null only when no line says anything of it.
/// </summary>
public sealed class ContactStatusTests
{
    private static readonly string SeedFolder = Path.Combine(AppContext.BaseDirectory, "Seed");
    private static readonly TimeSpan Eastern = TimeSpan.FromHours(-5);

    // The TechNote's ICM and Finesse excerpts, with CCP's whole lines instead of its cut ones.
    private static TaskFlow SeedTaskWith(string ccpLines)
    {
        using var dir = new TempFolder();
        foreach (var name in new[] { "ctisvr.log", "pim.log", "rtr.log", "webservices.log" })
            dir.Write(name, File.ReadAllText(Path.Combine(SeedFolder, name)));
        if (ccpLines.Length > 0) dir.Write("ccpapi.log", ccpLines + "\n");
        return Assert.Single(LogAnalyzer.Analyze([dir.Path], new AnalyzerOptions { IcmOffset = Eastern }).Tasks);
    }

    [Theory]
    [InlineData("0000001462: 192.168.1.1: Jan 30 2024 08:58:10.650 -0500: %CCBU_____CCPAPI-6-REST_API_INFO: CONTACT_STATUS_UPDATE: SocialContact ae93f5ad-452d-4c52-8057-8d23864a8a8a status changed from reserved to handled")]
    [InlineData("0000000123: 192.168.1.1: Jan 30 2024 08:58:10.694 -0500: %CCBU_____EVENTING-6-SOCIAL_CONTACT_PUBLISH_EVENT: %[SocialContactID=ae93f5ad-452d-4c52-8057-8d23864a8a8a]: Publishing SocialContact event <SocialContact xmlns=\"http://jabber.org/protocol/pubsub\"><id>ae93f5ad-452d-4c52-8057-8d23864a8a8a</id><status>handled</status><statusReason>EXTERNALLY_HANDLED</statusReason></SocialContact>")]
    [InlineData("0000009019: 10.10.20.31: Jan 30 2024 13:58:10.694 +0000: %CCBU_____EVENTING-6-DS_NOTIFICATION_EVENT: %[SocialContactID=ae93f5ad-452d-4c52-8057-8d23864a8a8a]: DS notification event status=handled")]
    public void A_ccp_line_naming_the_contact_s_status_gives_the_task_s(string line)
    {
        Assert.Equal("handled", SeedTaskWith(line).StatusName);
    }

    [Fact]
    public void A_status_cut_off_with_its_line_says_nothing()
    {
        var task = SeedTaskWith("0000001462: 192.168.1.1: Jan 30 2024 08:58:10.650 -0500: %CCBU_____CCPAPI-6-REST_API_INFO: CONTACT_STATUS_UPDATE: SocialContact ae93f5ad-452d-4c52-8057-8d23864a8a8a status changed from reserved to hand");
        Assert.Null(task.StatusName);
    }

    [Fact]
    public void A_contact_unread_before_its_task_was_started_is_not_told_as_unread_after()
    {
        var task = SeedTaskWith("0000000140: 192.168.1.1: Jan 30 2024 08:55:49.329 -0500: %CCBU_____CCP-DS-API-6-CCP_DS_API_MESSAGE: Read SocialContact id=ae93f5ad-452d-4c52-8057-8d23864a8a8a status=unread from datastore");
        Assert.Null(task.StatusName);
    }

    [Fact]
    public void A_task_cancelled_through_the_task_api_is_discarded_without_a_status_line()
    {
        using var dir = new TempFolder();
        dir.Write("pim.log", """
            Events from Thursday, March 14, 2024

            23:57:00:000 PG2A-pim3 Trace: Application->PG:
            Message = NEW_TASK; Length = 201 bytes
            DialogueID = (23) Hex 00000017
            SendSeqNo = (1) Hex 00000001
            ScriptSelector: CumulusTask
            ApplicationString1: c5e6f7a8-9b0c-4d1e-8f2a-3b4c5d6e7f80
            23:57:00:000 PG2A-pim3 Trace: Send INRCMSGNewCall to Router : :
            NEW_CALL RCID=5004 PID=5001 DID=23 DIDRelSeq#=1 GrpDelKey=5004 CRS(RtrDate=-1,RtrCID=-1) RCKSeq#=-1 NICCallID=-1
            23:58:30:000 PG2A-pim3 Trace: Application->PG:
            Message = CANCEL_TASK; Length = 24 bytes
            DialogueID = (23) Hex 00000017
            SendSeqNo = (2) Hex 00000002

            """);
        dir.Write("ccppublicapps.log", """
            0000003004: 10.10.20.31: Mar 15 2024 03:58:29.980 +0000: %CCBU__CCPPUBLICAPPS-6-REQUEST_INITIATED: %[DETAILS=DELETE /ccp/task/contact/c5e6f7a8-9b0c-4d1e-8f2a-3b4c5d6e7f80][HTTP_METHOD=DELETE]: Task cancel requested

            """);
        var task = Assert.Single(LogAnalyzer.Analyze([dir.Path], new AnalyzerOptions { IcmOffset = TimeSpan.FromHours(-4) }).Tasks);
        Assert.Equal("discarded", task.StatusName);
        Assert.Contains(task.Anomalies, a => a.Kind == AnomalyKind.AbandonedInQueue);
    }

    [Fact]
    public void Without_ccp_s_lines_or_a_close_the_status_is_unknown()
    {
        Assert.Null(SeedTaskWith("").StatusName);
    }
}
