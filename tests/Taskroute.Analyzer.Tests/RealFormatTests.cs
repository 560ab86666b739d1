using System.IO.Compression;
using System.Text;
using Taskroute.Core.Flow;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// Variants of the logs' formats that real UCCE, CCP and Finesse installations write and the seed's
/// excerpts do not show: dumplog without milliseconds, upper-case SESSION, CCP lines with an empty
/// host, tab-indented PIM dumps, several ICM processes in one file.
/// </summary>
public sealed class RealFormatTests
{
    private static readonly TimeSpan Eastern = TimeSpan.FromHours(-5);

    private static DateTimeOffset At(int h, int m, int s, int ms) => new(2024, 1, 30, h, m, s, ms, Eastern);

    private static AnalysisReport Analyze(params (string Name, string Text)[] logs) =>
        LogAnalyzer.Analyze(logs.Select(l => LogSource.FromText(l.Name, l.Text)), new AnalyzerOptions { IcmOffset = Eastern });

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    // ctisvr's side of one task: offered, started (the agent goes active between the two start
    // messages, in the same second) and ended; the pre-call ties the agent's login to the task.
    private static string CtiSvr(Func<int, int, int, int, string> clock, string session = "Session") => Lines(
        "Events from January 30, 2024",
        $"{clock(9, 12, 40, 210)} cg1A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=2001 RouterCallKey=154600 2210 RouterCallKeySequenceNumber=1 AgentID=6101",
        $"{clock(9, 12, 44, 530)} cg1A-ctisvr {session} 7: MsgType:OFFER_TASK_IND (InvokeID:0x1a2b MRDID:5012 ICMAgentID:6101",
        $"{clock(9, 12, 44, 530)} cg1A-ctisvr {session} 7:         TaskID:154600/2210/1 ARMSkillGroupID:6200 ARMServiceID:N/A)",
        $"{clock(9, 12, 44, 531)} cg1A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5012",
        $"{clock(9, 12, 44, 531)} cg1A-ctisvr Trace: TaskID=154600:2210:1 ICMAgentID=6101 SkillGroupID=6200",
        $"{clock(9, 12, 50, 2)} cg1A-ctisvr {session} 7: MsgType:START_TASK_IND (InvokeID:0x1a2c MRDID:5012 ICMAgentID:6101",
        $"{clock(9, 12, 50, 2)} cg1A-ctisvr {session} 7:         TaskID:154600/2210/1 ARMSkillGroupID:6200 ARMServiceID:N/A)",
        $"{clock(9, 12, 50, 2)} cg1A-ctisvr Trace: AGENT_EVENT: ID=2001 Periph=5000 Ext=2001 Inst=2001 SGSt=LOGIN St=ACTIVE Reason=0 MRDID=5012 NumTasks=1",
        $"{clock(9, 12, 50, 3)} cg1A-ctisvr Trace: START_TASK_EVENT: PeripherlID=5000 PeripherlType=4 MRDomainID=5012",
        $"{clock(9, 12, 50, 3)} cg1A-ctisvr Trace: TaskID=154600:2210:1 ICMAgentID=6101 SkillGroupID=6200",
        $"{clock(9, 15, 1, 777)} cg1A-ctisvr {session} 7: MsgType:END_TASK_IND (InvokeID:0x1a2d MRDID:5012 ICMAgentID:6101",
        $"{clock(9, 15, 1, 777)} cg1A-ctisvr {session} 7:         TaskID:154600/2210/1 ICMDisposition:38 ApplicationDisposition:38");

    private static string WithMs(int h, int m, int s, int ms) => $"{h:00}:{m:00}:{s:00}:{ms:000}";

    [Fact]
    public void Ccp_lines_that_log_the_task_apis_answer_join_the_task_by_its_task_id()
    {
        var ccp = Lines(
            "0000000201: 10.10.20.31: Jan 30 2024 09:12:45.260 -0500: %CCBU_____EVENTING-6-SOCIAL_CONTACT_PUBLISH_EVENT: %[SC_ID=3f2c8d1e-7a4b-4c9e-9b1a-0d5e6f7a8b91]: <SocialContact><status>reserved</status><taskID>154600_2210_1</taskID></SocialContact>",
            "0000000202: 10.10.20.31: Jan 30 2024 09:15:02.270 -0500: %CCBU_____CCPAPI-6-REST_API_INFO: GET /ccp/task/contact/3f2c8d1e-7a4b-4c9e-9b1a-0d5e6f7a8b91 returned status=handled taskID=154600_2210_1");
        var report = Analyze(("ctisvr.txt", CtiSvr(WithMs)), ("ccpapi.log", ccp));
        var task = Assert.Single(report.Tasks);
        Assert.Equal(Guid.Parse("3f2c8d1e-7a4b-4c9e-9b1a-0d5e6f7a8b91"), task.ContactId);
        Assert.Contains(task.Timeline, e => e.Component == LogComponent.CcpApi);
    }

    [Fact]
    public void Icm_lines_without_milliseconds_are_read_at_second_resolution()
    {
        var report = Analyze(("ctisvr.txt", CtiSvr((h, m, s, _) => $"{h:00}:{m:00}:{s:00}")));
        Assert.Equal(LogComponent.CtiSvr, Assert.Single(report.Sources).Component);
        var task = Assert.Single(report.Tasks);
        Assert.Equal("154600:2210:1", task.Id);
        Assert.Equal(At(9, 12, 44, 0), task.OfferedAt);
        Assert.Equal(At(9, 12, 50, 0), task.StartedAt);
        Assert.Equal(At(9, 15, 1, 0), task.EndedAt);
        Assert.Equal("header", Assert.Single(report.Sources).DateFrom);
    }

    [Fact]
    public void Icm_lines_sharing_a_second_keep_their_file_order()
    {
        // By place in the flow START_TASK_EVENT would come before the agent's AGENT_EVENT; ctisvr wrote it after.
        var report = Analyze(("ctisvr.txt", CtiSvr((h, m, s, _) => $"{h:00}:{m:00}:{s:00}")));
        var second = Assert.Single(report.Tasks).Timeline.Where(e => e.At == At(9, 12, 50, 0)).Select(e => e.Message);
        Assert.Equal(["START_TASK_IND", "AGENT_EVENT", "START_TASK_EVENT"], second);
    }

    [Fact]
    public void Icm_lines_with_a_dot_before_the_milliseconds_are_read_to_the_millisecond()
    {
        var report = Analyze(("ctisvr.txt", CtiSvr((h, m, s, ms) => $"{h:00}:{m:00}:{s:00}.{ms:000}")));
        Assert.Equal(LogComponent.CtiSvr, Assert.Single(report.Sources).Component);
        var task = Assert.Single(report.Tasks);
        Assert.Equal(At(9, 12, 44, 530), task.OfferedAt);
        Assert.Equal(At(9, 12, 50, 2), task.StartedAt);
        Assert.Equal(At(9, 15, 1, 777), task.EndedAt);
    }

    [Fact]
    public void Upper_case_SESSION_lines_of_ctisvr_are_read_like_Session_lines()
    {
        var report = Analyze(("ctisvr.txt", CtiSvr(WithMs, "SESSION")));
        var task = Assert.Single(report.Tasks);
        Assert.Equal(At(9, 12, 44, 530), task.OfferedAt);
        Assert.Equal(At(9, 12, 50, 2), task.StartedAt);
        Assert.Equal(At(9, 15, 1, 777), task.EndedAt);
        Assert.Equal(6101, task.AgentId);
        Assert.Contains(task.Timeline, e => e.Message == "OFFER_TASK_IND");
    }

    [Fact]
    public void Cisco_log_lines_with_an_empty_host_are_read_like_lines_with_one()
    {
        var report = Analyze(("runtime.log", Lines(
            "0000001056:: Jan 30 2024 14:12:40.120 +0000: %CCBU_____FEEDS-6-CREATE_SOCIAL_CONTACT: %[SocialContactID=3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc]: Creating social contact",
            "0000001057:: Jan 30 2024 14:12:40.150 +0000: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID=3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc][Status=unread]: Social contact created")));
        var source = Assert.Single(report.Sources);
        Assert.Equal(LogComponent.Runtime, source.Component);
        Assert.Equal(2, source.LinesUsed);
        var task = Assert.Single(report.Tasks);
        Assert.Equal(Guid.Parse("3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc"), task.ContactId);
        Assert.Equal(["CREATE_SOCIAL_CONTACT", "SOCIAL_CONTACT_CREATED"], task.Timeline.Select(e => e.Message));
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 14, 12, 40, 120, TimeSpan.Zero), task.Timeline[0].At);
    }

    [Fact]
    public void Ccp_and_finesse_files_whose_stamps_say_utc_or_start_with_a_star_are_read()
    {
        var runtime = Lines(
            "0000001056: 10.10.20.31: *Jan 30 2024 14:12:40.120 UTC: %CCBU_____FEEDS-6-CREATE_SOCIAL_CONTACT: %[SocialContactID=3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc]: Creating social contact",
            "0000001057: 10.10.20.31: Jan 30 2024 14:12:40.150 UTC: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID=3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc][Status=unread]: Social contact created");
        var webservices = Lines(
            "55001: [INFO]: [call-id [154600_2210_1]] [agent-id [2001]]: [Jan 30 2024 14:12:44.540 UTC]: [EVENT_POOL-1-worker-3]: [c.c.f.d.DialogManager]: Dialog 154600_2210_1 state OFFERED, mediaId 5012");
        var report = Analyze(("runtime.log", runtime), ("webservices.log", webservices));
        Assert.Equal([(LogComponent.Runtime, 2L), (LogComponent.WebServices, 1L)], report.Sources.Select(s => (s.Component, s.LinesUsed)));
        Assert.Contains(report.Tasks, t => t.Timeline[0].At == new DateTimeOffset(2024, 1, 30, 14, 12, 40, 120, TimeSpan.Zero));
        Assert.Contains(report.Tasks, t => t.Timeline.Any(e => e.At == new DateTimeOffset(2024, 1, 30, 14, 12, 44, 540, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("3F2A9C107B1E4D2A9C3E11AA22BB33CC")]
    [InlineData("3f2a9c107b1e4d2a9c3e11aa22bb33cc")]
    public void Ccp_contact_ids_written_without_dashes_join_the_task_of_the_dashed_id(string undashed)
    {
        var runtime = Lines(
            $"0000001056: 10.10.20.31: Jan 30 2024 09:12:40.120 -0500: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID={undashed}][Status=unread]: Social contact created");
        var report = Analyze(("pim.txt", Pim("\t")), ("runtime.log", runtime));
        Assert.Equal(1L, Assert.Single(report.Sources, s => s.Component == LogComponent.Runtime).LinesUsed);
        var task = Assert.Single(report.Tasks);
        Assert.Equal(Guid.Parse("3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc"), task.ContactId);
        Assert.Contains(task.Timeline, e => e.Message == "SOCIAL_CONTACT_CREATED");
    }

    // The MR PIM's NEW_TASK and DO_THIS_WITH_TASK dumps, their field lines indented as given.
    private static string Pim(string indent) => Lines(
        "Events from January 30, 2024",
        "09:12:40:180 PG2A-pim1 Trace: Application->PG:",
        $"{indent}Message = NEW_TASK; Length = 188 bytes",
        $"{indent}DialogueID = (12) Hex 0000000c",
        $"{indent}SendSeqNo = (1) Hex 00000001",
        $"{indent}ScriptSelector: ChatTask",
        $"{indent}ApplicationString1: 3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc",
        "",
        "09:12:40:205 PG2A-pim1 Trace: MR_Peripheral::On_Router_Connect:",
        $"{indent}CONNECT RCID=5004 PID=5001 DID=12 DIDRelSeq#=0 CRS(RtrDate=154600,RtrCID=2210) RCKSeq#=0 ErrorCode=0",
        "",
        "09:12:40:206 PG2A-pim1 Trace: PG->Application:",
        $"{indent}Message = DO_THIS_WITH_TASK; Length = 120 bytes",
        $"{indent}DialogueID = (12) Hex 0000000c",
        $"{indent}IcmTaskID = 154600:2210: 1",
        $"{indent}SkillGroup = (6200) Hex 00001838",
        $"{indent}Agent = (6101) Hex 000017d5",
        $"{indent}MRDID = (5012) Hex 00001394");

    [Theory]
    [InlineData("\t")]
    [InlineData("    ")]
    public void Indented_field_lines_of_pim_dumps_are_read_like_unindented_ones(string indent)
    {
        var report = Analyze(("pim.txt", Pim(indent)));
        Assert.Equal(LogComponent.Pim, Assert.Single(report.Sources).Component);
        var task = Assert.Single(report.Tasks);
        Assert.Equal(["NEW_TASK", "CONNECT", "DO_THIS_WITH_TASK"], task.Timeline.Select(e => e.Message));
        Assert.Equal("154600:2210:1", task.Id);
        Assert.Equal(12, task.DialogueId);
        Assert.Equal(Guid.Parse("3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc"), task.ContactId);
        Assert.Equal("ChatTask", task.ScriptSelector);
        Assert.Equal((6101, 6200, 5012), (task.AgentId, task.SkillGroupId, task.MrdId));
    }

    [Theory]
    [InlineData("[  4900]")]
    [InlineData("[4900] ")]
    public void Pim_trace_lines_with_a_thread_id_prefix_give_new_task_and_do_this_with_task(string thread)
    {
        var text = Pim("   ")
            .Replace("Trace: Application->PG:", $"Trace: {thread}Application->PG:", StringComparison.Ordinal)
            .Replace("Trace: PG->Application:", $"Trace: {thread}PG->Application:", StringComparison.Ordinal)
            .Replace("Trace: MR_Peripheral", $"Trace: {thread}MR_Peripheral", StringComparison.Ordinal);
        var task = Assert.Single(Analyze(("pim.txt", text)).Tasks);
        Assert.Equal(["NEW_TASK", "CONNECT", "DO_THIS_WITH_TASK"], task.Timeline.Select(e => e.Message));
        Assert.Equal((12, 6101), (task.DialogueId, task.AgentId));
        Assert.Equal(Guid.Parse("3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc"), task.ContactId);
    }

    [Fact]
    public void Ctisvr_trace_lines_with_a_thread_id_prefix_are_read()
    {
        var text = CtiSvr(WithMs).Replace("Trace: ", "Trace: [  5356]", StringComparison.Ordinal);
        var task = Assert.Single(Analyze(("ctisvr.txt", text)).Tasks);
        Assert.Equal((At(9, 12, 44, 530), At(9, 12, 50, 2), At(9, 15, 1, 777)), (task.OfferedAt, task.StartedAt, task.EndedAt));
        Assert.Contains(task.Timeline, e => e.Message == "OFFER_TASK_EVENT");
    }

    [Fact]
    public void Icm_lines_with_tabs_between_their_columns_are_read_like_lines_with_spaces()
    {
        var spaced = Analyze(("ctisvr.txt", CtiSvr(WithMs)));
        var text = string.Join('\n', CtiSvr(WithMs).Split('\n').Select(l => l.Length > 13 && l[2] == ':' ? l[..12] + "\t" + l[13..].Replace("ctisvr ", "ctisvr\t", StringComparison.Ordinal) : l));
        var report = Analyze(("ctisvr.txt", text));
        Assert.Equal(LogComponent.CtiSvr, Assert.Single(report.Sources).Component);
        Assert.Equal(spaced.Sources[0].LinesUsed, report.Sources[0].LinesUsed);
        var task = Assert.Single(report.Tasks);
        Assert.Equal(spaced.Tasks[0].Timeline.Select(e => (e.Message, e.At)), task.Timeline.Select(e => (e.Message, e.At)));
    }

    [Fact]
    public void Icm_lines_without_trace_after_the_process_name_are_read_like_trace_lines()
    {
        var traced = Analyze(("ctisvr.txt", CtiSvr(WithMs)), ("pim.txt", Pim("")));
        var report = Analyze(
            ("ctisvr.txt", CtiSvr(WithMs).Replace("ctisvr Trace: ", "ctisvr ", StringComparison.Ordinal)),
            ("pim.txt", Pim("").Replace("pim1 Trace: ", "pim1 ", StringComparison.Ordinal)));
        Assert.Equal([LogComponent.CtiSvr, LogComponent.Pim], report.Sources.Select(s => s.Component));
        Assert.Equal(traced.Sources.Select(s => s.LinesUsed), report.Sources.Select(s => s.LinesUsed));
        var task = Assert.Single(report.Tasks);
        Assert.Equal(Assert.Single(traced.Tasks).Timeline.Select(e => (e.Message, e.At)), task.Timeline.Select(e => (e.Message, e.At)));
    }

    [Fact]
    public void Icm_lines_with_a_date_before_the_time_are_dated_by_it()
    {
        // No header, no date in the file name: each line carries the day, month first.
        var text = CtiSvr((h, m, s, ms) => $"01/30/2024 {WithMs(h, m, s, ms)}").Replace("Events from January 30, 2024\n", "", StringComparison.Ordinal);
        var report = Analyze(("ctisvr.txt", text));
        var source = Assert.Single(report.Sources);
        Assert.Equal((LogComponent.CtiSvr, new DateOnly(2024, 1, 30), "lines"), (source.Component, source.Date, source.DateFrom));
        var task = Assert.Single(report.Tasks);
        Assert.Equal((At(9, 12, 44, 530), At(9, 15, 1, 777)), (task.OfferedAt, task.EndedAt));
    }

    // ctisvr's AGENT_STATE_EVENT to a client session, dumped over lines of one time stamp.
    private static string[] AgentStateDump(string clock, string state, bool withMsgType) =>
    [
        .. withMsgType ? [$"{clock} cg1A-ctisvr Session 8: MsgType:AGENT_STATE_EVENT (MonitorID:0 PeripheralID:5000 SessionID:0 PeripheralType:PT_ENTERPRISE_AGENT SkillGroupState:{state}"] : Array.Empty<string>(),
        $"{clock} cg1A-ctisvr Session 8: StateDuration:0 SkillGroupNumber:117497 SkillGroupID:6200 SkillGroupPriority:0 AgentState:{state}",
        $"{clock} cg1A-ctisvr Session 8: EventReasonCode:0 MRDID:5012 NumTasks:1 AgentMode:1 MaxTaskLimit:3 ICMAgentID:6101",
        $"{clock} cg1A-ctisvr Session 8: AgentAvailabilityStatus:0 NumFltSkillGroups:0 CTIClientSignature:Finesse AgentID:2001 AgentExtension:2001 AgentInstrument:2001 )",
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ctisvr_agent_state_events_in_session_lines_give_the_agents_states(bool withMsgType)
    {
        var lines = CtiSvr(WithMs).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("AGENT_EVENT", StringComparison.Ordinal)).ToList();
        lines.InsertRange(lines.FindIndex(l => l.Contains("START_TASK_EVENT", StringComparison.Ordinal)), AgentStateDump("09:12:50:002", "ACTIVE", withMsgType));
        lines.InsertRange(lines.FindIndex(l => l.Contains("OFFER_TASK_IND", StringComparison.Ordinal)), AgentStateDump("09:12:40:210", "RESERVED", withMsgType));
        lines.AddRange(AgentStateDump("09:15:01:777", "NOT_ACTIVE", withMsgType));
        var report = Analyze(("ctisvr.txt", Lines([.. lines])));
        Assert.Equal(0, report.Sources[0].LinesSkipped);
        var task = Assert.Single(report.Tasks);
        Assert.Equal(
            [(AgentState.RESERVED, At(9, 12, 40, 210)), (AgentState.ACTIVE, At(9, 12, 50, 2)), (AgentState.NOT_ACTIVE, At(9, 15, 1, 777))],
            task.AgentStates.Select(a => (a.State, a.At)));
        Assert.All(task.AgentStates, a => Assert.Equal((6101, 2001, 5012, LogComponent.CtiSvr, false), (a.AgentId, a.LoginId, a.MrdId, a.Component, a.Inferred)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void One_agent_state_that_ctisvr_dumps_to_two_client_sessions_shows_once(bool withMsgType)
    {
        // Finesse on session 8 and a recording server on session 5 are both sent the agent's state.
        var toFinesse = AgentStateDump("09:12:40:210", "RESERVED", withMsgType);
        var toRecorder = toFinesse.Select(l => l.Replace("Session 8:", "Session 5:", StringComparison.Ordinal));
        var lines = CtiSvr(WithMs).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.InsertRange(lines.FindIndex(l => l.Contains("OFFER_TASK_IND", StringComparison.Ordinal)), [.. toFinesse, .. toRecorder]);
        // And a copy of the same log among the files, as engineers collect them.
        var report = Analyze(("ctisvr.txt", Lines([.. lines])), ("copy/ctisvr.txt", Lines([.. lines])));
        var task = Assert.Single(report.Tasks);
        var state = Assert.Single(task.Timeline, e => e.Message == "AGENT_EVENT" && e.At == At(9, 12, 40, 210));
        Assert.Contains("Session 8:", state.Raw, StringComparison.Ordinal);
        Assert.Equal(AgentState.RESERVED, Assert.Single(task.AgentStates, a => a.At == At(9, 12, 40, 210)).State);
    }

    [Theory]
    [InlineData("12:00:00:000 cg1A-ctisvr Session 8: AgentState:READY", "12:00:00:000 cg1A-ctisvr Session 15: AgentState:READY", true)]
    [InlineData("a Session 8: x\nb Session 8: y", "a Session 9: x\nb Session 9: y", true)]
    [InlineData("12:00:00:000 cg1A-ctisvr Session 8: AgentState:READY", "12:00:00:000 cg1A-ctisvr Session 8: AgentState:READY", false)]
    [InlineData("12:00:00:000 cg1A-ctisvr Session 8: AgentState:READY", "12:00:00:000 cg1A-ctisvr Session 5: AgentState:TALKING", false)]
    [InlineData("12:00:00:000 cg1A-ctisvr Trace: AGENT_EVENT: ID=8", "12:00:00:000 cg1A-ctisvr Trace: AGENT_EVENT: ID=9", false)]
    public void Two_texts_are_one_message_to_two_sessions_only_when_they_differ_in_session_numbers_alone(string a, string b, bool expected) =>
        Assert.Equal(expected, Duplicates.OtherSession(a, b));

    [Fact]
    public void Two_agents_states_dumped_in_one_millisecond_without_their_msgtype_lines_are_two_state_changes()
    {
        var first = AgentStateDump("09:12:40:210", "RESERVED", withMsgType: false);
        var second = AgentStateDump("09:12:40:210", "NOT_READY", withMsgType: false).Select(l => l.Replace("6101", "6102", StringComparison.Ordinal).Replace("2001", "2002", StringComparison.Ordinal));
        var lines = CtiSvr(WithMs).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.InsertRange(lines.FindIndex(l => l.Contains("OFFER_TASK_IND", StringComparison.Ordinal)), [.. first, .. second]);
        var report = Analyze(("ctisvr.txt", Lines([.. lines])));
        // The task's agent keeps its own state; the other agent's, on no task, is left out of it.
        var reserved = Assert.Single(Assert.Single(report.Tasks).AgentStates, a => a.At == At(9, 12, 40, 210));
        Assert.Equal((6101, 2001, AgentState.RESERVED), (reserved.AgentId, reserved.LoginId, reserved.State));
        Assert.Equal(1, report.UnattachedEvents);
    }

    // A voice call the router sends to an agent while the task is under way: dialed and calling numbers, the voice MRD.
    private static readonly string VoiceRouter = Lines(
        "Events from January 30, 2024",
        "09:13:00:100 ra-rtr Trace: (21 x 0 : 0 0) NewCall: CID=(154600,2300), DN=8005551000, ANI=9195551234, CED=",
        "09:13:00:100 ra-rtr Trace: (21 x 0 : 0 0) CID=(154600,2300):Sales_Voice:Step 3 sending call to Agent 6300",
        "09:13:00:100 ra-rtr Trace: (21 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154600,2300), PerID=5000, PQID=-1, SkillGroupID=5010, AgentSkillTargetID=6300",
        "09:13:00:100 ra-rtr Trace: (21 x 0 : 0 0) Connect: CID=(154600,2300), EventSelect=0x0, ServiceType=0");

    private const string VoicePreCall =
        "09:13:00:110 cg1A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=3001 RouterCallKey=154600 2300 RouterCallKeySeq=0 MRDID=1";

    [Fact]
    public void A_router_call_with_no_sign_of_task_routing_is_not_reported_as_a_task_and_a_note_says_so()
    {
        var report = Analyze(("ctisvr.txt", CtiSvr(WithMs) + VoicePreCall + "\n"), ("rtr.txt", VoiceRouter));
        Assert.Equal("154600:2210:1", Assert.Single(report.Tasks).Id);
        Assert.Contains(report.Notes, n => n.Contains("1 router call (154600:2300)", StringComparison.Ordinal) && n.Contains("voice", StringComparison.Ordinal));
    }

    [Fact]
    public void A_task_known_only_from_the_routers_lines_is_still_reported()
    {
        // The router's NewCall names the contact (ANI) and the task's MRD: task routing, though no other log is given.
        var rtr = VoiceRouter.Replace("DN=8005551000, ANI=9195551234, CED=", "DN=ChatTask, ANI=3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc, RCID=5004, MRDID=5012", StringComparison.Ordinal);
        var report = Analyze(("rtr.txt", rtr));
        var task = Assert.Single(report.Tasks);
        Assert.Equal((154600, 2300), (task.RouterCallKeyDay, task.RouterCallKey));
        Assert.DoesNotContain(report.Notes, n => n.Contains("voice", StringComparison.Ordinal));
    }

    [Fact]
    public void An_agents_states_in_the_voice_mrd_are_not_among_the_tasks_and_unknown_states_keep_their_name()
    {
        var lines = CtiSvr(WithMs).TrimEnd('\n').Split('\n').ToList();
        // While on the task the agent takes a voice call (MRD 1), and ctisvr reports a state the task's flow has no name for.
        lines.Insert(lines.FindIndex(l => l.Contains("END_TASK_IND", StringComparison.Ordinal)),
            "09:13:10:000 cg1A-ctisvr Trace: AGENT_EVENT: ID=2001 Periph=5000 Ext=2001 Inst=2001 SGSt=LOGIN St=AVAILABLE Reason=0 MRDID=1 NumTasks=0");
        lines.Insert(lines.FindIndex(l => l.Contains("END_TASK_IND", StringComparison.Ordinal)),
            "09:13:20:000 cg1A-ctisvr Trace: AGENT_EVENT: ID=2001 Periph=5000 Ext=2001 Inst=2001 SGSt=LOGIN St=BUSY_OTHER Reason=0 MRDID=5012 NumTasks=1");
        var task = Assert.Single(Analyze(("ctisvr.txt", Lines([.. lines]))).Tasks);
        Assert.DoesNotContain(task.AgentStates, a => a.MrdId == 1);
        Assert.DoesNotContain(task.AgentStates, a => a.At == At(9, 13, 10, 0));
        var other = Assert.Single(task.AgentStates, a => a.At == At(9, 13, 20, 0));
        Assert.Equal((null, "BUSY_OTHER", 5012), (other.State, other.Name, other.MrdId));
        Assert.Equal("BUSY_OTHER", Assert.Single(task.Timeline, e => e.At == At(9, 13, 20, 0)).AgentStateName);
        Assert.Equal("ACTIVE", task.AgentStates[0].Name);
    }

    [Fact]
    public void A_finesse_webservices_log_in_cisco_log_format_is_read_as_finesses()
    {
        // Finesse 12.0 and earlier: the CTI messages it sends and decodes, in Cisco Log lines, its thread as subfacility.
        var webservices = Lines(
            "0000055001: 10.10.20.40: Jan 30 2024 09:12:44.520 -0500: %CCBU_COMMAND_POOL-1-worker-9-6-SENDING_MESSAGE_TO_CTI_SERVER: %[cti_message=CTIOfferTaskInd [invokeID=6699, mrdID=5012, icmAgentID=6101, taskID=154600:2210:1, skillGroupID=6200]]: Sending message to backend cti server",
            "0000055002: 10.10.20.40: Jan 30 2024 09:12:44.540 -0500: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIOfferTaskEvent [peripheralID=5000, mrdID=5012, taskID=154600:2210:1, icmAgentID=6101]]: Decoded Message to Finesse from backend cti server",
            "0000055003: 10.10.20.40: Jan 30 2024 09:12:50.010 -0500: %CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIAgentStateEvent [skillGroupState=11 (ACTIVE), agentState=11 (ACTIVE), mrdID=5012, icmAgentID=6101, agentID=2001, agentExtension=2001]]: Decoded Message to Finesse from backend cti server");
        var report = Analyze(("ctisvr.txt", CtiSvr(WithMs)), ("Desktop-webservices.2024-01-30T09-00-00.000.log", webservices));
        var finesse = Assert.Single(report.Sources, s => s.Name.StartsWith("Desktop", StringComparison.Ordinal));
        Assert.Equal((LogComponent.WebServices, 3L, 0L), (finesse.Component, finesse.LinesUsed, finesse.LinesSkipped));
        var task = Assert.Single(report.Tasks);
        Assert.Equal(
            [("OFFER_TASK_IND", new DateTimeOffset(2024, 1, 30, 9, 12, 44, 520, Eastern)), ("OFFER_TASK_EVENT", new DateTimeOffset(2024, 1, 30, 9, 12, 44, 540, Eastern)),
             ("AGENT_EVENT", new DateTimeOffset(2024, 1, 30, 9, 12, 50, 10, Eastern))],
            task.Timeline.Where(e => e.Component == LogComponent.WebServices).Select(e => (e.Message, e.At)));
        Assert.Contains(task.Timeline, e => e.Component == LogComponent.WebServices && e is { AgentState: AgentState.ACTIVE, LoginId: 2001 });
    }

    [Fact]
    public void A_finesse_cisco_log_file_without_cti_messages_is_still_taken_for_finesses_not_ccps()
    {
        // Finesse's Cisco Log lines name the writing thread as facility and subfacility; CCP pads its component's name.
        var webservices = Lines(
            "0000055101: 10.10.20.40: Jan 30 2024 09:12:40.000 -0500: %CCBU_pool-8-thread-1-6-SYSTEM_INFO: %[component=webservices]: Heartbeat",
            "0000055102: 10.10.20.40: Jan 30 2024 09:12:41.000 -0500: %CCBU_Timer-0-6-SESSION_INFO: %[agent=2001]: Session refreshed");
        var report = Analyze(("Desktop-webservices.log", webservices));
        Assert.Equal(LogComponent.WebServices, Assert.Single(report.Sources).Component);
        Assert.Empty(report.Tasks);
    }

    [Theory]
    [InlineData("(154600,2210)")]
    [InlineData("CID=(154600,2210)")]
    [InlineData("154600 2210")]
    [InlineData("RouterCallKey=154600 2210")]
    [InlineData("154600:2210:1")]
    [InlineData("TaskID:154600/2210/1")]
    [InlineData("DialogueID=12")]
    [InlineData("dialogue 12")]
    [InlineData("contact=3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc")]
    [InlineData("SocialContact 3F2A9C10-7B1E-4D2A-9C3E-11AA22BB33CC")]
    public void A_task_is_selected_by_any_form_the_report_prints_its_ids_in(string filter)
    {
        var options = new AnalyzerOptions { IcmOffset = Eastern, TaskFilter = filter };
        var report = LogAnalyzer.Analyze([LogSource.FromText("pim.txt", Pim("\t"))], options);
        Assert.Equal("154600:2210:1", Assert.Single(report.Tasks).Id);
    }

    [Theory]
    [InlineData("(154600,2211)")]
    [InlineData("DialogueID=13")]
    [InlineData("contact=3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cd")]
    public void Another_id_in_a_printed_form_selects_no_task(string filter)
    {
        var options = new AnalyzerOptions { IcmOffset = Eastern, TaskFilter = filter };
        Assert.Empty(LogAnalyzer.Analyze([LogSource.FromText("pim.txt", Pim("\t"))], options).Tasks);
    }

    [Fact]
    public void Lines_of_several_icm_processes_in_one_file_are_each_read_as_their_own_process()
    {
        // ctisvr, MR PIM and router traces cat-ed together and sorted by time; ctisvr has the most lines.
        var merged = Lines(
            "Events from January 30, 2024",
            "09:12:40:180 PG2A-pim1 Trace: Application->PG:",
            "Message = NEW_TASK; Length = 188 bytes",
            "DialogueID = (12) Hex 0000000c",
            "ApplicationString1: 3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc",
            "09:12:40:195 ra-rtr Trace: (12 x 0 : 0 0) NewCall: CID=(154600,2210), DN=ChatTask, ANI=3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc, RCID=5004, MRDID=5012, CallAtVRU=0, OpCode=0.",
            "09:12:40:196 ra-rtr Trace: (12 x 0 : 0 0) Connect: CID=(154600,2210), EventSelect=0x0, ServiceType=0",
            "09:12:40:206 PG2A-pim1 Trace: PG->Application:",
            "Message = DO_THIS_WITH_TASK; Length = 120 bytes",
            "DialogueID = (12) Hex 0000000c",
            "IcmTaskID = 154600:2210: 1",
            "Agent = (6101) Hex 000017d5",
            "09:12:40:210 cg1A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=2001 RouterCallKey=154600 2210 RouterCallKeySequenceNumber=1 AgentID=6101",
            "09:12:44:530 cg1A-ctisvr Session 7: MsgType:OFFER_TASK_IND (InvokeID:0x1a2b MRDID:5012 ICMAgentID:6101",
            "09:12:44:530 cg1A-ctisvr Session 7: TaskID:154600/2210/1 ARMSkillGroupID:6200 ARMServiceID:N/A)",
            "09:12:44:531 cg1A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5012",
            "09:12:44:531 cg1A-ctisvr Trace: TaskID=154600:2210:1 ICMAgentID=6101 SkillGroupID=6200",
            "09:12:50:002 cg1A-ctisvr Session 7: MsgType:START_TASK_IND (InvokeID:0x1a2c MRDID:5012 ICMAgentID:6101",
            "09:12:50:002 cg1A-ctisvr Session 7: TaskID:154600/2210/1 ARMSkillGroupID:6200 ARMServiceID:N/A)");
        var report = Analyze(("icm-all.txt", merged));
        Assert.Equal(LogComponent.CtiSvr, Assert.Single(report.Sources).Component);
        var task = Assert.Single(report.Tasks);
        Assert.Equal(
            [("NEW_TASK", LogComponent.Pim), ("NEW_CALL", LogComponent.Rtr), ("CONNECT", LogComponent.Rtr), ("DO_THIS_WITH_TASK", LogComponent.Pim),
             ("DEVICE_TARGET_PRE_CALL_IND", LogComponent.CtiSvr), ("OFFER_TASK_IND", LogComponent.CtiSvr), ("OFFER_TASK_EVENT", LogComponent.CtiSvr),
             ("START_TASK_IND", LogComponent.CtiSvr)],
            task.Timeline.Select(e => (e.Message, e.Component)));
        Assert.Equal(12, task.DialogueId);
        Assert.Equal(Guid.Parse("3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc"), task.ContactId);
    }

    [Fact]
    public void Utf16_logs_inside_gz_and_zip_archives_are_read_like_loose_utf16_files()
    {
        using var dir = new TempFolder();
        // As PowerShell 5 writes "dumplog ... > ctisvr.txt": UTF-16LE with a byte order mark and CRLF line ends.
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(CtiSvr(WithMs).Replace("\n", "\r\n", StringComparison.Ordinal))).ToArray();
        File.WriteAllBytes(Path.Combine(dir.Path, "loose.txt"), utf16);
        using (var gz = new GZipStream(File.Create(Path.Combine(dir.Path, "ctisvr.txt.gz")), CompressionLevel.Fastest)) gz.Write(utf16);
        using (var zip = ZipFile.Open(Path.Combine(dir.Path, "logs.zip"), ZipArchiveMode.Create))
        using (var entry = zip.CreateEntry("ctisvr.txt").Open())
            entry.Write(utf16);

        var options = new AnalyzerOptions { IcmOffset = Eastern };
        var loose = LogAnalyzer.Analyze([Path.Combine(dir.Path, "loose.txt")], options);
        foreach (var archive in new[] { "ctisvr.txt.gz", "logs.zip" })
        {
            var report = LogAnalyzer.Analyze([Path.Combine(dir.Path, archive)], options);
            var source = Assert.Single(report.Sources);
            Assert.Null(source.Problem);
            Assert.Equal(LogComponent.CtiSvr, source.Component);
            Assert.Equal(loose.Sources[0].LinesUsed, source.LinesUsed);
            var task = Assert.Single(report.Tasks);
            Assert.Equal((At(9, 12, 44, 530), At(9, 15, 1, 777)), (task.OfferedAt, task.EndedAt));
            Assert.Equal(loose.Tasks[0].Timeline.Select(e => e.Message), task.Timeline.Select(e => e.Message));
        }
    }

    [Fact]
    public void A_dumplog_header_that_names_the_weekday_dates_the_icm_lines()
    {
        var text = CtiSvr(WithMs).Replace("Events from January 30, 2024", "Events from Tuesday, January 30, 2024", StringComparison.Ordinal);
        var report = Analyze(("ctisvr.txt", text));
        var source = Assert.Single(report.Sources);
        Assert.Equal((new DateOnly(2024, 1, 30), "header"), (source.Date, source.DateFrom));
        Assert.Equal(At(9, 12, 44, 530), Assert.Single(report.Tasks).OfferedAt);
    }

    // ctisvr's lines grepped out of a dumplog: no "Events from" header, no date in the file name.
    private static string Grepped() => CtiSvr(WithMs).Replace("Events from January 30, 2024\n", "", StringComparison.Ordinal);

    private const string FinesseTheDayBefore =
        "54990: [INFO]: [call-id [154599_100_1]] [agent-id [2002]]: [Jan 29 2024 17:01:00.000 -0500]: [EVENT_POOL-1-worker-1]: [c.c.f.d.DialogManager]: Dialog 154599_100_1 state OFFERED, mediaId 5012";

    [Fact]
    public void Headerless_icm_lines_take_the_day_on_which_ccp_and_finesse_name_the_same_ids()
    {
        // Finesse's log starts the day before; its lines of this task are on January 30.
        var webservices = Lines(
            FinesseTheDayBefore,
            "55001: [INFO]: [call-id [154600_2210_1]] [agent-id [2001]]: [Jan 30 2024 09:12:44.540 -0500]: [EVENT_POOL-1-worker-3]: [c.c.f.d.DialogManager]: Dialog 154600_2210_1 state OFFERED, mediaId 5012",
            "55003: [INFO]: [call-id [154600_2210_1]] [agent-id [2001]]: [Jan 30 2024 09:15:01.790 -0500]: [EVENT_POOL-1-worker-5]: [c.c.f.d.DialogManager]: Dialog 154600_2210_1 state CLOSED, mediaId 5012");
        foreach (var offset in new TimeSpan?[] { Eastern, null })
        {
            var report = LogAnalyzer.Analyze(
                [LogSource.FromText("ctisvr.txt", Grepped()), LogSource.FromText("webservices.log", webservices)],
                new AnalyzerOptions { IcmOffset = offset });
            var ctisvr = Assert.Single(report.Sources, s => s.Component == LogComponent.CtiSvr);
            Assert.Equal((new DateOnly(2024, 1, 30), "ids in other logs"), (ctisvr.Date, ctisvr.DateFrom));
            Assert.Contains(report.Notes, n => n.Contains("ctisvr.txt", StringComparison.Ordinal) && n.Contains("taken as 2024-01-30", StringComparison.Ordinal) &&
                n.Contains("same ids", StringComparison.Ordinal));
            Assert.Equal(Eastern, report.IcmOffset);
            var task = Assert.Single(report.Tasks, t => t.Id == "154600:2210:1");
            Assert.Equal((At(9, 12, 44, 530), At(9, 15, 1, 777)), (task.OfferedAt, task.EndedAt));
        }
    }

    [Fact]
    public void Headerless_icm_lines_without_shared_ids_take_the_day_of_the_ccp_and_finesse_lines_nearest_in_time_of_day()
    {
        // The Finesse lines name another task: the ICM lines' 09:12-09:15 is nearer January 30's 09:20 than January 29's 17:01.
        var webservices = Lines(
            FinesseTheDayBefore,
            "55101: [INFO]: [call-id [154601_300_1]] [agent-id [2002]]: [Jan 30 2024 09:20:00.000 -0500]: [EVENT_POOL-1-worker-1]: [c.c.f.d.DialogManager]: Dialog 154601_300_1 state OFFERED, mediaId 5012");
        var report = Analyze(("ctisvr.txt", Grepped()), ("webservices.log", webservices));
        var ctisvr = Assert.Single(report.Sources, s => s.Component == LogComponent.CtiSvr);
        Assert.Equal((new DateOnly(2024, 1, 30), "other logs"), (ctisvr.Date, ctisvr.DateFrom));
        Assert.Contains(report.Notes, n => n.Contains("taken as 2024-01-30", StringComparison.Ordinal) && n.Contains("nearest them in time of day", StringComparison.Ordinal) &&
            n.Contains("2024-01-29 to 2024-01-30", StringComparison.Ordinal));
        Assert.Equal(At(9, 12, 44, 530), Assert.Single(report.Tasks, t => t.Id == "154600:2210:1").OfferedAt);
    }

    [Fact]
    public void Undated_icm_logs_alone_are_shown_on_the_day_their_call_keys_name()
    {
        // RouterCallKeyDay 152044 is April 14, 2017; the logs give no other date.
        var report = LogAnalyzer.Analyze(VoiceMidTaskLogs.Icm.Select(f => LogSource.FromText(f.Name, f.Text)));
        var task = Assert.Single(report.Tasks);
        Assert.Equal(new DateTimeOffset(2017, 4, 14, 14, 1, 40, 490, TimeSpan.Zero), task.StartedAt);
        Assert.All(report.Sources, s => Assert.Equal(new DateOnly(2017, 4, 14), s.Date));
        Assert.Contains(report.Notes, n => n.Contains("taken as 2017-04-14", StringComparison.Ordinal) && n.Contains("RouterCallKeyDay 152044", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tz_so_wrong_that_every_shared_id_lies_a_day_apart_is_said_to_disagree()
    {
        // Finesse writes -0700; the undated ICM lines are dated through --tz, so +07:00 puts them a day off.
        LogSource[] Sources() => [.. VoiceMidTaskLogs.Icm.Select(f => LogSource.FromText(f.Name, f.Text)), LogSource.FromText("webservices.log", VoiceMidTaskLogs.Finesse)];
        var wrong = LogAnalyzer.Analyze(Sources(), new AnalyzerOptions { IcmOffset = TimeSpan.FromHours(7) });
        Assert.Contains(wrong.Notes, n => n.Contains("--tz +07:00 disagrees with the logs", StringComparison.Ordinal) && n.Contains("more than 14 hours apart", StringComparison.Ordinal));
        var right = LogAnalyzer.Analyze(Sources(), new AnalyzerOptions { IcmOffset = TimeSpan.FromHours(-7) });
        Assert.DoesNotContain(right.Notes, n => n.Contains("disagrees", StringComparison.Ordinal));
    }

    [Fact]
    public void Undated_icm_logs_alone_that_cross_midnight_are_dated_by_the_day_their_call_began()
    {
        // RouterCallKeyDay 154569 is March 13, 2024: the call came just before midnight, and most of its lines are on the 14th.
        var ctisvr = Lines(
            "23:59:58:115 cg3A-ctisvr Trace: DEVICE_TARGET_PRE_CALL_IND - Instrument=1080 RouterCallKey=154569 99120",
            "00:00:05:000 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x8a88 MRDID:5011 ICMAgentID:5172",
            "00:00:05:000 cg3A-ctisvr Session 3: TaskID:154569/99120/1ARMSkillGroupID:5199 ARMServiceID:N/A)",
            "00:00:05:000 cg3A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011",
            "00:00:05:000 cg3A-ctisvr Trace: TaskID=154569:99120:1 ICMAgentID=5172 SkillGroupID=5199",
            "00:00:20:490 cg3A-ctisvr Session 3: MsgType:START_TASK_IND (InvokeID:0x8b47 MRDID:5011 ICMAgentID:5172",
            "00:00:20:490 cg3A-ctisvr Session 3: TaskID:154569/99120/1ARMSkillGroupID:5199 ARMServiceID:N/A)",
            "00:00:20:490 cg3A-ctisvr Trace: START_TASK_EVENT: PeripherlID=5000 PeripherlType=4 MRDomainID=5011",
            "00:00:20:490 cg3A-ctisvr Trace: TaskID=154569:99120:1 ICMAgentID=5172 SkillGroupID=5199",
            "00:01:10:590 cg3A-ctisvr Session 3: MsgType:END_TASK_IND (InvokeID:0x8c2c MRDID:5011 ICMAgentID:5172",
            "00:01:10:590 cg3A-ctisvr Session 3: TaskID:154569/99120/1ICMDisposition:38 ApplicationDisposition:38");
        var rtr = Lines(
            "23:59:50:210 ra-rtr Trace: (9 x 0 : 0 0) NewCall: CID=(154569,99120), DN=CumulusTask, ANI=0f3c2a11-7d4e-4b5a-9c1d-2e3f4a5b6c7d",
            "23:59:58:110 ra-rtr Trace: (9 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154569,99120), PerID=5000, PQ",
            "23:59:58:110 ra-rtr Trace: (9 x 0 : 0 0) Connect: CID=(154569,99120), EventSelect=0x0, ServiceType=0");
        var report = LogAnalyzer.Analyze([LogSource.FromText("ctisvr.log", ctisvr), LogSource.FromText("rtr.log", rtr)]);
        Assert.All(report.Sources, s => Assert.Equal(new DateOnly(2024, 3, 13), s.Date));
        var task = Assert.Single(report.Tasks);
        Assert.Equal(new DateTimeOffset(2024, 3, 14, 0, 0, 20, 490, TimeSpan.Zero), task.StartedAt);
        Assert.DoesNotContain(task.Anomalies, a => a.Kind == AnomalyKind.LongGap);
    }

    [Fact]
    public void An_events_from_line_that_is_not_understood_is_named_in_the_notes_rather_than_called_missing()
    {
        var text = CtiSvr(WithMs).Replace("Events from January 30, 2024", "Events from 2024-01-30", StringComparison.Ordinal);
        var report = Analyze(("ctisvr.txt", text));
        // Dated, as any undated log with nothing else to go by, by the day its call keys name.
        Assert.Equal("call keys", Assert.Single(report.Sources).DateFrom);
        Assert.Contains(report.Notes, n => n.Contains("ctisvr.txt: line 1, 'Events from 2024-01-30'", StringComparison.Ordinal) &&
            n.Contains("not understood", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Notes, n => n.Contains("no 'Events from' header", StringComparison.Ordinal));

        // With no call key either, the note asking for --date names the header it could not read.
        var keyless = Lines([.. text.Split('\n').Where(l => !l.Contains("154600", StringComparison.Ordinal))]);
        var dateless = Analyze(("ctisvr.txt", keyless));
        Assert.Null(Assert.Single(dateless.Sources).Date);
        Assert.Contains(dateless.Notes, n => n.Contains("an 'Events from' line not understood", StringComparison.Ordinal) && n.Contains("--date", StringComparison.Ordinal));
    }

    // ctisvr's trace as dumplog's Cisco Log output writes it: the same messages, each line with its own
    // date and offset (UTC here, five hours ahead of the ICM server's clock) and no severity after the facility.
    private static string CtiSvrCiscoLog()
    {
        var lines = CtiSvr(WithMs).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select((l, i) =>
            $"{2201 + i}: CG1A: Jan 30 2024 {int.Parse(l[..2], System.Globalization.CultureInfo.InvariantCulture) + 5:00}{l[2..8]}.{l[9..12]} +0000: " +
            $"%ICM_CG_CTIServer: [comp=CG1-A][pname=ctisvr][iid=inst1][sev=info]: {l[(l.IndexOf("ctisvr ", StringComparison.Ordinal) + 7)..]}");
        return Lines([.. lines]);
    }

    [Fact]
    public void Icm_lines_in_dumplogs_cisco_log_format_are_read_as_their_process_trace_at_their_own_time()
    {
        // The router's lines as its syslog feed writes them: a priority first, a severity and message id after the facility.
        var rtr = Lines(
            "10: RTRA: Jan 30 2024 14:12:39.000 +0000: %ICM_Router_ProcessSynchronization: [comp=Router-A][pname=rtr][iid=inst1][sev=info]: MDS is in service.",
            "<134>101: RTRA: Jan 30 2024 14:12:40.195 +0000: %ICM_Router_CallRouter-6-10500FF: [comp=Router-A][pname=rtr][iid=inst1][sev=info]: (12 x 0 : 0 0) NewCall: CID=(154600,2210), DN=ChatTask, ANI=3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc, RCID=5004, MRDID=5012, CallAtVRU=0, OpCode=0.",
            "<134>102: RTRA: Jan 30 2024 14:12:40.196 +0000: %ICM_Router_CallRouter-6-10500FF: [comp=Router-A][pname=rtr][iid=inst1][sev=info]: (12 x 0 : 0 0) Connect: CID=(154600,2210), EventSelect=0x0, ServiceType=0");
        foreach (var offset in new TimeSpan?[] { Eastern, TimeSpan.FromHours(3), null })
        {
            var report = LogAnalyzer.Analyze([LogSource.FromText("a.txt", CtiSvrCiscoLog()), LogSource.FromText("b.txt", rtr)], new AnalyzerOptions { IcmOffset = offset });
            Assert.Equal([LogComponent.CtiSvr, LogComponent.Rtr], report.Sources.Select(s => s.Component));
            Assert.Equal((new DateOnly(2024, 1, 30), "lines"), (report.Sources[0].Date, report.Sources[0].DateFrom));
            Assert.Equal(2, report.Sources[1].Events);
            var task = Assert.Single(report.Tasks);
            Assert.Equal("154600:2210:1", task.Id);
            Assert.Equal((At(9, 12, 44, 530), At(9, 12, 50, 2), At(9, 15, 1, 777)), (task.OfferedAt, task.StartedAt, task.EndedAt));
            Assert.Equal(6101, task.AgentId);
            Assert.Equal(Guid.Parse("3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc"), task.ContactId);
            var newCall = Assert.Single(task.Timeline, e => e.Message == "NEW_CALL");
            Assert.Equal((LogComponent.Rtr, new DateTimeOffset(2024, 1, 30, 14, 12, 40, 195, TimeSpan.Zero), TimeSpan.Zero), (newCall.Component, newCall.At, newCall.At.Offset));
            Assert.Contains(task.Timeline, e => e.Message == "OFFER_TASK_IND" && e.Component == LogComponent.CtiSvr);
            Assert.Contains(task.Timeline, e => e.Message == "CONNECT" && e.Component == LogComponent.Rtr);
        }
    }

    [Fact]
    public void Icm_cisco_log_lines_that_write_a_percent_before_their_tags_are_read_like_lines_without_it()
    {
        var report = Analyze(("ctisvr.txt", CtiSvrCiscoLog().Replace(": [comp=", ": %[comp=", StringComparison.Ordinal)));
        Assert.Equal(LogComponent.CtiSvr, Assert.Single(report.Sources).Component);
        Assert.Equal(0L, report.Sources[0].LinesSkipped);
        var task = Assert.Single(report.Tasks);
        Assert.Equal((At(9, 12, 44, 530), At(9, 12, 50, 2), At(9, 15, 1, 777)), (task.OfferedAt, task.StartedAt, task.EndedAt));
    }

    [Theory]
    [InlineData("")]
    [InlineData(":000")]
    public void A_message_the_flow_does_not_know_ends_the_one_before_it_in_the_same_second_and_takes_none_of_its_ids(string ms)
    {
        // ctisvr traces CTI events the flow has no use for (BEGIN_TASK_EVENT here, another agent's task)
        // in the same second as OFFER_TASK_EVENT; dumplog's standard format writes no milliseconds.
        var text = Lines(
            "Events from January 30, 2024",
            $"09:12:44{ms} cg1A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5012",
            $"09:12:44{ms} cg1A-ctisvr Trace: TaskID=154600:2210:1 ICMAgentID=6101 SkillGroupID=6200",
            $"09:12:44{ms} cg1A-ctisvr Trace: BEGIN_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5012",
            $"09:12:44{ms} cg1A-ctisvr Trace: TaskID=154600:2299:1 ICMAgentID=6180 SkillGroupID=6200");
        var report = Analyze(("ctisvr.txt", text));
        var task = Assert.Single(report.Tasks);
        Assert.Equal(("154600:2210:1", 6101), (task.Id, task.AgentId));
        var offer = Assert.Single(task.Timeline);
        Assert.Equal("OFFER_TASK_EVENT", offer.Message);
        Assert.DoesNotContain("BEGIN_TASK_EVENT", offer.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_task_dump_that_names_its_mrd_gives_a_task_that_was_never_routed_its_mrd()
    {
        var pim = Lines(
            "Events from January 30, 2024",
            "09:12:40:180 PG2A-pim1 Trace: Application->PG:",
            "Message = NEW_TASK; Length = 188 bytes",
            "DialogueID = (12) Hex 0000000c",
            "MRDomainID = (5012) Hex 00001394",
            "ScriptSelector: ChatTask",
            "ApplicationString1: 3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc");
        var task = Assert.Single(Analyze(("pim.txt", pim)).Tasks);
        Assert.Equal((Guid.Parse("3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc"), 5012), (task.ContactId, task.MrdId));
    }

    [Fact]
    public void A_ccp_line_that_names_a_contact_only_in_its_task_api_url_joins_that_contacts_task()
    {
        var ccp = Lines(
            "0000000202: 10.10.20.31: Jan 30 2024 09:12:46.270 -0500: %CCBU_____CCPAPI-6-REST_API_INFO: GET /ccp/task/contact/3F2A9C107B1E4D2A9C3E11AA22BB33CC answered 200");
        var report = Analyze(("pim.txt", Pim("\t")), ("ccpapi.log", ccp));
        Assert.Equal(1L, Assert.Single(report.Sources, s => s.Component == LogComponent.CcpApi).LinesUsed);
        Assert.Contains(Assert.Single(report.Tasks).Timeline, e => e.Component == LogComponent.CcpApi);
    }

    [Fact]
    public void Finesse_lines_with_id_brackets_that_carry_the_cti_message_are_read_like_its_cisco_log_lines()
    {
        // Finesse 12.5 and later: the CTI message after the class bracket, the call-id and agent-id brackets left empty.
        var webservices = Lines(
            "103624: [INFO]: [call-id] [agent-id]: [Jan 30 2024 09:12:44.520 -0500]: [COMMAND_POOL-1-worker-9]: [c.c.c.f.c.CTIWriter]: %[cti_message=CTIOfferTaskInd [invokeID=6699, mrdID=5012, icmAgentID=6101, taskID=154600:2210:1, skillGroupID=6200]]: Sending message to backend cti server",
            "103629: [INFO]: [call-id] [agent-id]: [Jan 30 2024 09:12:44.540 -0500]: [EVENT_POOL-1-worker-17]: [c.c.c.f.c.CTIMessageEventExecutor]: %[cti_message=CTIOfferTaskEvent [peripheralID=5000, mrdID=5012, taskID=154600:2210:1, icmAgentID=6101]]: Decoded Message to Finesse from backend cti server",
            "104624: [INFO]: [call-id] [agent-id]: [Jan 30 2024 09:15:01.800 -0500]: [EVENT_POOL-1-worker-16]: [c.c.c.f.c.CTIMessageEventExecutor]: %[cti_message=CTIEndTaskEvent [peripheralID=5000, mrdID=5012, taskID=154600:2210:1, icmAgentID=6101]]: Decoded Message to Finesse from backend cti server",
            // A CTI message the flow does not know, on a line whose brackets name the dialog and agent: kept by those.
            "104630: [INFO]: [call-id [154600_2210_1]] [agent-id [2001]]: [Jan 30 2024 09:15:01.900 -0500]: [COMMAND_POOL-1-worker-2]: [c.c.c.f.c.CTIWriter]: %[cti_message=CTISetAppDataReq [invokeID=6710]]: Sending message to backend cti server");
        var report = Analyze(("ctisvr.txt", CtiSvr(WithMs)), ("Desktop-webservices.log", webservices));
        var finesse = Assert.Single(report.Sources, s => s.Component == LogComponent.WebServices);
        Assert.Equal((4L, 0L), (finesse.LinesUsed, finesse.LinesSkipped));
        var task = Assert.Single(report.Tasks);
        Assert.Equal(["OFFER_TASK_IND", "OFFER_TASK_EVENT", "END_TASK_EVENT", "DIALOG_UPDATE"],
            task.Timeline.Where(e => e.Component == LogComponent.WebServices).Select(e => e.Message));
        Assert.Equal(2001, task.Timeline.Last(e => e.Component == LogComponent.WebServices).LoginId);
    }

    [Fact]
    public void Icm_lines_with_their_own_offset_are_not_said_to_have_had_their_offset_guessed()
    {
        var ccp = Lines(
            "0000000201: 10.10.20.31: Jan 30 2024 09:12:45.260 -0500: %CCBU_____EVENTING-6-SOCIAL_CONTACT_PUBLISH_EVENT: %[SC_ID=3f2c8d1e-7a4b-4c9e-9b1a-0d5e6f7a8b91]: <SocialContact><status>reserved</status><taskID>154600_2210_1</taskID></SocialContact>");
        var report = LogAnalyzer.Analyze([LogSource.FromText("ctisvr.txt", CtiSvrCiscoLog()), LogSource.FromText("ccpapi.log", ccp)]);
        Assert.False(report.IcmOffsetGuessed);
        Assert.DoesNotContain(report.Notes, n => n.Contains("ICM times taken as", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.Contains("ctisvr.txt carry their own date and UTC offset", StringComparison.Ordinal));
        Assert.Equal(At(9, 12, 44, 530), Assert.Single(report.Tasks).OfferedAt);
    }

    [Fact]
    public void Utf16_logs_without_a_byte_order_mark_are_read_as_utf16le()
    {
        using var dir = new TempFolder();
        // UTF-16LE with no byte order mark and CRLF line ends, loose and gzipped.
        var utf16 = Encoding.Unicode.GetBytes(CtiSvr(WithMs).Replace("\n", "\r\n", StringComparison.Ordinal));
        File.WriteAllBytes(Path.Combine(dir.Path, "ctisvr.txt"), utf16);
        using (var gz = new GZipStream(File.Create(Path.Combine(dir.Path, "cti.txt.gz")), CompressionLevel.Fastest)) gz.Write(utf16);

        var utf8 = Analyze(("ctisvr.txt", CtiSvr(WithMs)));
        foreach (var file in new[] { "ctisvr.txt", "cti.txt.gz" })
        {
            var report = LogAnalyzer.Analyze([Path.Combine(dir.Path, file)], new AnalyzerOptions { IcmOffset = Eastern });
            var source = Assert.Single(report.Sources);
            Assert.Equal(LogComponent.CtiSvr, source.Component);
            Assert.Equal((utf8.Sources[0].LinesUsed, utf8.Sources[0].Events, "header"), (source.LinesUsed, source.Events, source.DateFrom));
            var task = Assert.Single(report.Tasks);
            Assert.Equal((At(9, 12, 44, 530), At(9, 15, 1, 777)), (task.OfferedAt, task.EndedAt));
            Assert.Equal(utf8.Tasks[0].Timeline.Select(e => e.Message), task.Timeline.Select(e => e.Message));
        }
    }
}
