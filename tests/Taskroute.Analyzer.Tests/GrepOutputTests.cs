namespace Taskroute.Analyzer.Tests;

/// <summary>
/// grep's output of the logs (<c>grep -rn KEY logs/ &gt; task.txt</c>), each line with its file's path
/// in front: read as the files themselves would be.
/// </summary>
public sealed class GrepOutputTests : IDisposable
{
    private static readonly TimeSpan Eastern = TimeSpan.FromHours(-5);
    private static readonly string SeedFolder = Path.Combine(AppContext.BaseDirectory, "Seed");

    // grep -r lists a folder's files in the order the file system keeps them, not by name.
    private static readonly string[] GrepOrder = ["webservices.log", "ctisvr.log", "ccppublicapps.log", "pim.log", "runtime.log", "rtr.log", "ccpapi.log"];

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static IEnumerable<(string Path, string[] Lines)> Seed(params string[] files) =>
        (files.Length == 0 ? GrepOrder : files).Select(f => ($"logs/{f}", File.ReadAllLines(Path.Combine(SeedFolder, f))));

    private static DateTimeOffset At(int h, int m, int s, int ms) => new(2024, 1, 30, h, m, s, ms, Eastern);

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    // grep's output saved to a file, as engineers do; the file is recognised as grep output.
    private AnalysisReport AnalyzeFile(string text, AnalyzerOptions? options = null)
    {
        var sources = LogSources.Open([_dir.Write("task.txt", text)]);
        Assert.True(Assert.Single(sources).GrepOutput);
        return LogAnalyzer.Analyze(sources, options);
    }

    // The same text pasted in memory: its events' lines are kept in a store of their own rather than read back from a file.
    private static AnalysisReport AnalyzeText(string text, AnalyzerOptions? options = null)
    {
        var source = LogSource.FromText("task.txt", text);
        Assert.True(source.GrepOutput);
        return LogAnalyzer.Analyze([source], options);
    }

    // Everything the report tells of a task, to compare two readings of the same lines (an anomaly's
    // detail names the file and line it was read at, which differ).
    private static string Told(TaskFlow t) => string.Join('\n', (string[])[
        $"{t.Id} contact {t.ContactId} agent {t.AgentId} login {t.LoginId} dialogue {t.DialogueId} mrd {t.MrdId} skill group {t.SkillGroupId} {t.ScriptSelector} {t.Status} ended {t.Ended}",
        $"offered {t.OfferedAt:O} started {t.StartedAt:O} ended {t.EndedAt:O} {t.Timings}",
        .. t.Steps.Select(s => $"step {s.Number} {s.Name} {s.At:O}"),
        .. t.AgentStates.Select(a => $"{a.At:O} agent {a.AgentId} login {a.LoginId} {a.Name}"),
        .. t.Anomalies.Select(a => $"{a.Kind} {a.At:O}"),
        .. t.Timeline.Select(e => $"{e.At:O} {e.Component} {e.Message} {e.Raw}"),
    ]);

    private static void AssertSameTasks(AnalysisReport expected, AnalysisReport actual)
    {
        Assert.Equal(expected.Tasks.Select(Told), actual.Tasks.Select(Told));
        Assert.Equal((expected.IcmOffset, expected.IcmOffsetGuessed, expected.UnattachedEvents), (actual.IcmOffset, actual.IcmOffsetGuessed, actual.UnattachedEvents));
    }

    [Fact]
    public void Grep_output_of_the_seed_with_path_prefixes_gives_the_task_the_files_themselves_give()
    {
        var files = LogAnalyzer.Analyze([SeedFolder]);
        var grep = GrepPrinter.All(Seed());
        Assert.StartsWith("logs/webservices.log:103624: [INFO]: ", grep, StringComparison.Ordinal);

        foreach (var report in new[] { AnalyzeFile(grep), AnalyzeText(grep) })
        {
            AssertSameTasks(files, report);
            var task = Assert.Single(report.Tasks);
            Assert.Equal("154526:37051928:1", task.Id);
            Assert.Equal((5172, 1080), (task.AgentId, task.LoginId));
            Assert.Equal(At(8, 56, 53, 745), task.StartedAt);
            Assert.All(task.Steps, s => Assert.True(s.Found, $"step {s.Number}"));
        }
    }

    [Fact]
    public void Grep_output_whose_lines_start_no_message_says_to_grep_for_more_ids_with_lines_after()
    {
        // What `grep -rn 154526:37051928 logs/` finds in the TechNote's logs: lines inside messages.
        var report = AnalyzeText(Lines(
            "logs/ctisvr.log:20:08:55:58:923 cg3A-ctisvr Trace: TaskID=154526:37051928:1 ICMAgentID=5172 SkillGroupID=5199",
            "logs/ctisvr.log:31:08:56:53:745 cg3A-ctisvr Trace: TaskID=154526:37051928:1 ICMAgentID=5172 SkillGroupID=5199",
            "logs/pim.log:25:IcmTaskID = 154526:37051928: 1"));
        Assert.Empty(report.Tasks);
        Assert.Contains(report.Notes, n => n.Contains("none of its 3 lines makes a message", StringComparison.Ordinal) && n.Contains("-A12", StringComparison.Ordinal));
    }

    [Fact]
    public void Grep_n_output_with_path_and_line_number_prefixes_gives_the_same_task()
    {
        var files = LogAnalyzer.Analyze([SeedFolder]);
        var grep = GrepPrinter.All(Seed(), numbered: true);
        Assert.Contains("\nlogs/ctisvr.log:1:08:54:27:874 cg3A-ctisvr Trace: AGENT_EVENT: ", grep, StringComparison.Ordinal);
        AssertSameTasks(files, AnalyzeFile(grep));
        AssertSameTasks(files, AnalyzeText(grep));
    }

    [Fact]
    public void Each_event_is_named_for_the_file_grep_found_its_line_in_and_read_at_the_output_line()
    {
        var grep = GrepPrinter.All(Seed(), numbered: true);
        var report = AnalyzeFile(grep);
        var output = Assert.Single(report.Sources);
        var lines = grep.Split('\n');
        foreach (var e in Assert.Single(report.Tasks).Timeline)
        {
            Assert.Equal($"{ComponentFile(e.Component)} in {output.Name}", e.Source);
            Assert.StartsWith(ComponentFile(e.Component) + ":", lines[e.Line - 1], StringComparison.Ordinal);
        }
        // Every line of the output is counted once, whichever file's it is.
        Assert.Equal(lines.Length - 1, output.LinesRead);
        Assert.Equal(output.LinesRead - Seed().Sum(f => f.Lines.Count(string.IsNullOrWhiteSpace)), output.LinesUsed + output.LinesSkipped);
    }

    private static string ComponentFile(LogComponent component) => component switch
    {
        LogComponent.CtiSvr => "logs/ctisvr.log",
        LogComponent.Pim => "logs/pim.log",
        LogComponent.Rtr => "logs/rtr.log",
        LogComponent.WebServices => "logs/webservices.log",
        LogComponent.CcpPublicApps => "logs/ccppublicapps.log",
        LogComponent.Runtime => "logs/runtime.log",
        _ => "logs/ccpapi.log",
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Context_lines_and_group_separators_give_the_task_the_lines_grep_printed_give_as_files(bool numbered)
    {
        // grep -r -B1 -A12 on the task's ids and the messages that carry none: the PIM dumps come as
        // context lines after their direction line, agent events with a line before them.
        static bool Match(string line) =>
            line.Contains("37051928", StringComparison.Ordinal) || line.Contains("ae93f5ad", StringComparison.Ordinal) || line.Contains("->", StringComparison.Ordinal) ||
            line.Contains("AGENT_EVENT", StringComparison.Ordinal) || line.Contains("Session 3", StringComparison.Ordinal) || line.Contains("SendARMMsg", StringComparison.Ordinal) ||
            line.Contains("Decode", StringComparison.Ordinal) || line.Contains("[call-id [", StringComparison.Ordinal) || line.Contains("Agent 5172", StringComparison.Ordinal);
        var grep = GrepPrinter.Print(Seed(), Match, numbered, before: 1, after: 12);
        Assert.Contains("\n--\n", grep, StringComparison.Ordinal);
        Assert.Contains(numbered ? "\nlogs/pim.log-3-DialogueID = (4) Hex 00000004\n" : "\nlogs/pim.log-DialogueID = (4) Hex 00000004\n", grep, StringComparison.Ordinal);

        // The lines grep printed, each in a file of its own name, without grep's prefixes and separators.
        var printed = Seed().Select(f => LogSource.FromText(f.Path, string.Concat(grep.Split('\n')
            .Where(l => l.StartsWith(f.Path + ":", StringComparison.Ordinal) || l.StartsWith(f.Path + "-", StringComparison.Ordinal))
            .Select(l => Strip(l, f.Path.Length, numbered) + "\n"))));
        var files = LogAnalyzer.Analyze(printed);
        var task = Assert.Single(files.Tasks);
        Assert.Equal("154526:37051928:1", task.Id);
        Assert.All(task.Steps, s => Assert.True(s.Found, $"step {s.Number}"));

        AssertSameTasks(files, AnalyzeFile(grep));
        AssertSameTasks(files, AnalyzeText(grep));
    }

    private static string Strip(string line, int path, bool numbered)
    {
        var rest = line[(path + 1)..];
        return numbered ? rest[(rest.IndexOfAny([':', '-']) + 1)..] : rest;
    }

    // A task of its own, written for these tests: the PIM's NEW_TASK dump and the router's pre-call,
    // both messages of several lines, as grep -rn prints them from dumplogs named for their day.
    private static string TaskOfItsOwn(string pimPrefix = "ucce/PG2A/pim3_240130.log", string routerPrefix = "ucce/RA/ra-rtr_240130.log") => Lines(
        $"{pimPrefix}:120:09:12:30:100 PG2A-pim3 Trace: Application->PG:",
        $"{pimPrefix}-121-Message = NEW_TASK; Length = 198 bytes",
        $"{pimPrefix}-122-DialogueID = (9) Hex 00000009",
        $"{pimPrefix}-123-SendSeqNo = (1) Hex 00000001",
        $"{pimPrefix}-124-MRDomainID = (5012) Hex 00001394",
        $"{pimPrefix}-125-ScriptSelector: ChatTask",
        $"{pimPrefix}:126:ApplicationString1: 3f2c8d1e-7a4b-4c9e-9b1a-0d5e6f7a8b91",
        $"{pimPrefix}-127-ServiceRequested = (0) Hex 00000000",
        "--",
        $"{routerPrefix}:4410:09:12:30:120 ra-rtr Trace: (9 x 0 : 0 0) NewCall: CID=(154600,2210), DN=ChatTask, ANI=3f2c8d1e-7a4b-4c9e-9b1a-0d5e6f7a8b91",
        $"{routerPrefix}:4411:09:12:30:120 ra-rtr Trace: (9 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154600,2210), PerID=5000, PQ=0",
        $"{routerPrefix}:4412:09:12:30:120 ra-rtr Trace: DN=ChatTask, ANI=3f2c8d1e-7a4b-4c9e-9b1a-0d5e6f7a8b91, CED=",
        $"{routerPrefix}-4413-09:12:30:120 ra-rtr Trace: RCKSeqNum=0, DelayQTime=0, DelayRouterTime=0, SGDelayQTime=0",
        $"{routerPrefix}:4414:09:12:30:121 ra-rtr Trace: (9 x 0 : 0 0) Connect: CID=(154600,2210), EventSelect=0x0, ServiceType=0");

    [Fact]
    public void A_message_of_several_lines_whose_every_line_has_the_same_prefix_is_one_message()
    {
        var report = AnalyzeText(TaskOfItsOwn(), new AnalyzerOptions { IcmOffset = Eastern });
        var task = Assert.Single(report.Tasks);
        Assert.Equal(Guid.Parse("3f2c8d1e-7a4b-4c9e-9b1a-0d5e6f7a8b91"), task.ContactId);
        Assert.Equal((9, 5012, "ChatTask"), (task.DialogueId, task.MrdId, task.ScriptSelector));

        var newTask = Assert.Single(task.Timeline, e => e.Message == "NEW_TASK");
        Assert.Equal((9, LogComponent.Pim), (newTask.DialogueId, newTask.Component));
        Assert.Equal(Lines(
            "09:12:30:100 PG2A-pim3 Trace: Application->PG:",
            "Message = NEW_TASK; Length = 198 bytes",
            "DialogueID = (9) Hex 00000009",
            "SendSeqNo = (1) Hex 00000001",
            "MRDomainID = (5012) Hex 00001394",
            "ScriptSelector: ChatTask",
            "ApplicationString1: 3f2c8d1e-7a4b-4c9e-9b1a-0d5e6f7a8b91",
            "ServiceRequested = (0) Hex 00000000").TrimEnd('\n'), newTask.Raw);

        var preCall = Assert.Single(task.Timeline, e => e.Message == "DEVICE_TARGET_PRE_CALL_IND");
        Assert.Equal(Guid.Parse("3f2c8d1e-7a4b-4c9e-9b1a-0d5e6f7a8b91"), preCall.ContactId);
        Assert.EndsWith("\n09:12:30:120 ra-rtr Trace: RCKSeqNum=0, DelayQTime=0, DelayRouterTime=0, SGDelayQTime=0", preCall.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("ucce/", preCall.Raw, StringComparison.Ordinal);
        // The router's Connect, a millisecond on, is a message of its own.
        Assert.Single(task.Timeline, e => e.Message == "CONNECT" && e.Component == LogComponent.Rtr);
    }

    [Fact]
    public void A_date_in_the_name_of_a_file_grep_printed_dates_that_files_icm_lines()
    {
        var report = AnalyzeFile(TaskOfItsOwn(), new AnalyzerOptions { IcmOffset = Eastern });
        var source = Assert.Single(report.Sources);
        Assert.Equal((new DateOnly(2024, 1, 30), "file name"), (source.Date, source.DateFrom));
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 9, 12, 30, 100, Eastern), Assert.Single(report.Tasks).First);

        // Without a date in the files' names the lines have none: a note asks for --date.
        var undated = AnalyzeFile(TaskOfItsOwn("ucce/pim3.log", "ucce/ra-rtr.log"), new AnalyzerOptions { IcmOffset = Eastern });
        Assert.Contains(undated.Notes, n => n.Contains("give --date", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_sides_of_a_duplexed_router_in_grep_output_show_each_message_once()
    {
        var files = LogAnalyzer.Analyze([SeedFolder]);
        var sideB = File.ReadAllLines(Path.Combine(SeedFolder, "rtr.log")).Select(l => l.Replace("ra-rtr", "rb-rtr", StringComparison.Ordinal)).ToArray();
        var report = AnalyzeFile(GrepPrinter.All(Seed().Append(("logs/rtr-sideB.log", sideB)), numbered: true));
        AssertSameTasks(files, report);
        Assert.Contains(report.Notes, n => n.Contains("both sides of a duplexed process", StringComparison.Ordinal));
    }

    [Fact]
    public void Grep_n_of_one_file_with_the_line_number_alone_in_front_gives_the_same_task()
    {
        var options = new AnalyzerOptions { Date = new DateOnly(2024, 1, 30), IcmOffset = Eastern };
        var pim = File.ReadAllText(Path.Combine(SeedFolder, "pim.log"));
        var numbered = string.Concat(pim.Split('\n').SkipLast(1).Select((l, i) => $"{i + 1}:{l}\n"));
        Assert.StartsWith("1:08:55:49:391 PG2A-pim3 Trace: Application->PG:\n2:Message = NEW_TASK;", numbered, StringComparison.Ordinal);
        AssertSameTasks(LogAnalyzer.Analyze([LogSource.FromText("pim.log", pim)], options), AnalyzeText(numbered, options));
    }

    [Fact]
    public void Grep_output_too_large_to_hold_is_said_to_be_out_of_time_order()
    {
        // A router's busy hour: more events than the room given below.
        var router = Enumerable.Range(0, 200).SelectMany(i =>
        {
            var clock = TimeSpan.FromHours(9) + TimeSpan.FromMilliseconds(i * 1_500);
            var at = $"{clock:hh\\:mm\\:ss}:{clock.Milliseconds:000}";
            return (string[])[
                $"{at} ra-rtr Trace: ({i + 1} x 0 : 0 0) NewCall: CID=(154600,{3000 + i}), DN=ChatTask, ANI={new Guid(i + 1, 0x7777, 0x4888, 0x89, 0x99, 0, 0, 0, 0, 0, 2)}",
                $"{at} ra-rtr Trace: ({i + 1} x 0 : 0 0) Connect: CID=(154600,{3000 + i}), EventSelect=0x0, ServiceType=0"];
        }).ToArray();
        var grep = GrepPrinter.All([("logs/ra-rtr_240130.log", router)]);
        var options = new AnalyzerOptions { IcmOffset = Eastern };
        Assert.DoesNotContain(AnalyzeText(grep, options).Notes, n => n.Contains("grep's output", StringComparison.Ordinal));
        var windowed = AnalyzeText(grep, options with { MaxEventsHeld = 100 });
        Assert.Contains(windowed.Notes, n => n.StartsWith("task.txt is grep's output", StringComparison.Ordinal) && n.Contains("--max-events", StringComparison.Ordinal));
    }

    [Fact]
    public void Files_that_are_not_grep_output_are_read_as_before()
    {
        Assert.All(LogSources.Open([SeedFolder]), s => Assert.False(s.GrepOutput, s.Name));
        var notes = string.Join("\n", GrepOrder.Select(f => File.ReadAllText(Path.Combine(SeedFolder, f))));
        Assert.False(LogSource.FromText("case-notes.txt", notes).GrepOutput);

        // One line in Finesse's log that reads as a ctisvr line after a name and a colon makes the log
        // neither grep output nor a file of several components.
        var webservices = File.ReadAllText(Path.Combine(SeedFolder, "webservices.log"));
        var withLabel = "ctisvr:08:54:00:000 cg3A-ctisvr Trace: AGENT_EVENT: ID=1080 Periph=5000 Ext=1080 Inst=1080 Sig=Finesse UniqueID=1080\n" + webservices;
        var source = LogSource.FromText("webservices.log", withLabel);
        Assert.Equal((LogComponent.WebServices, false, false), (source.Component, source.GrepOutput, source.Mixed));
        var before = LogAnalyzer.Analyze([LogSource.FromText("webservices.log", webservices)]);
        var after = LogAnalyzer.Analyze([source]);
        Assert.Equal(before.Tasks.Select(Told), after.Tasks.Select(Told));
        Assert.Equal(before.Sources[0].LinesSkipped + 1, after.Sources[0].LinesSkipped);
    }
}
