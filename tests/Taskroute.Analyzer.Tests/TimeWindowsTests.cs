using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Logs;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// Logs larger than the analysis may hold: Taskroute's own seven component logs of a few hundred
/// tasks, ten at a time on ten agents, read once whole and once a window at a time with room for a
/// small part of their events. Read in windows, every task comes out with the same flow as when the
/// logs were read whole, and the events held at once stay within the room given.
/// </summary>
public sealed class TimeWindowsTests : IDisposable
{
    private const int Rounds = 40;
    private const int Room = 3_000;
    private readonly TempFolder _dir = new();
    private readonly TempFolder _rotated = new();
    private readonly int _tasks;

    public TimeWindowsTests()
    {
        var engine = new RoutingEngine(LabConfiguration.Create());
        var batches = new List<FlowEvent[]>();
        void Keep(CommandResult r)
        {
            Assert.True(r.Succeeded, r.Detail);
            batches.Add(engine.Events.ToArray());
        }
        var t = SeedScenario.At(9, 0, 0, 0);
        for (var login = 1080; login < 1090; login++)
        {
            Keep(engine.SignIn(t, login, LabConfiguration.TaskMrd));
            Keep(engine.SetReady(t + 10, login, LabConfiguration.TaskMrd));
        }
        for (var round = 0; round < Rounds; round++)
        {
            t += 5_000;
            var contacts = new List<Guid>();
            for (var k = 0; k < 10; k++)
            {
                var contact = new Guid(round * 10 + k + 1, 0x7777, 0x4888, 0x89, 0x99, 0, 0, 0, 0, 0, 1);
                contacts.Add(contact);
                Keep(engine.SubmitTask(t + 50 * k, new TaskData
                {
                    ContactId = contact,
                    FeedId = LabConfiguration.TaskFeed,
                    Name = $"task {round}.{k}",
                    Title = "windows",
                    ScriptSelector = LabConfiguration.TaskSelector,
                }));
                _tasks++;
            }
            var step = t + 600;
            foreach (var contact in contacts)
            {
                var dialog = Enumerable.Range(1080, 10).SelectMany(engine.Dialogs).Single(d => d.ContactId == contact);
                Keep(engine.Act(step += 20, dialog.LoginId, dialog.TaskId, DialogAction.Accept));
                Keep(engine.Act(step += 20, dialog.LoginId, dialog.TaskId, DialogAction.Start));
                Keep(engine.Act(step + 2_000, dialog.LoginId, dialog.TaskId, DialogAction.Close, Disposition.NormalEndTask));
            }
        }
        // One more that nobody takes: it is still queued when the logs end.
        foreach (var login in Enumerable.Range(1080, 10)) Keep(engine.SetNotReady(t + 4_000, login, LabConfiguration.TaskMrd, 1));
        Keep(engine.SubmitTask(t + 4_500, new TaskData
        {
            ContactId = Guid.Parse("0e0e0e0e-0000-4000-8000-00000000000e"),
            FeedId = LabConfiguration.TaskFeed,
            Name = "left",
            Title = "windows",
            ScriptSelector = LabConfiguration.TaskSelector,
        }));
        _tasks++;

        using (var writer = new ComponentLogWriter(new ComponentLogSettings { Directory = _dir.Path, UtcOffset = SeedScenario.Offset, FlushInterval = TimeSpan.Zero }))
            foreach (var batch in batches) writer.Write(batch);
        // The same logs rotated every 64 KB: dozens of files, each a source of its own.
        using (var writer = new ComponentLogWriter(new ComponentLogSettings { Directory = _rotated.Path, UtcOffset = SeedScenario.Offset, FlushInterval = TimeSpan.Zero, RotationBytes = 64 * 1024 }))
            foreach (var batch in batches) writer.Write(batch);
    }

    public void Dispose()
    {
        _dir.Dispose();
        _rotated.Dispose();
    }

    [Fact]
    public void Rotated_logs_read_in_windows_from_dozens_of_files_give_the_same_tasks()
    {
        // The same events as the logs unrotated; events of the same millisecond and place in the flow
        // may come in another order, since they are ordered by the file they were read from.
        var unrotated = LogAnalyzer.Analyze([_dir.Path]).Tasks.ToDictionary(t => t.ContactId);
        var expected = LogAnalyzer.Analyze([_rotated.Path]).Tasks.ToDictionary(t => t.ContactId);
        Assert.Equal(unrotated.Count, expected.Count);
        foreach (var (contact, u) in unrotated)
            Assert.Equal(u.Timeline.Select(e => (e.Time, e.Message, e.Component)).Order(), expected[contact].Timeline.Select(e => (e.Time, e.Message, e.Component)).Order());

        var windowed = LogAnalyzer.AnalyzeStreamed([_rotated.Path], new AnalyzerOptions { MaxEventsHeld = Room });
        var actual = windowed.Tasks.ToList();
        Assert.False(windowed.Whole);
        Assert.True(windowed.Report.Sources.Count >= 30, $"{windowed.Report.Sources.Count} files");
        Assert.Equal(expected.Count, actual.Count);
        foreach (var t in actual)
        {
            var w = expected[t.ContactId];
            Assert.Equal((w.Id, w.Status, w.Ended), (t.Id, t.Status, t.Ended));
            Assert.Equal(w.Steps.Select(s => (s.Number, s.At)), t.Steps.Select(s => (s.Number, s.At)));
            Assert.Equal(w.Timeline.Select(e => (e.Message, e.Time, e.Source, e.Line)), t.Timeline.Select(e => (e.Message, e.Time, e.Source, e.Line)));
        }
    }

    [Fact]
    public void Read_in_windows_every_task_has_the_flow_it_has_when_read_whole()
    {
        var whole = LogAnalyzer.AnalyzeStreamed([_dir.Path]);
        Assert.True(whole.Whole);
        var expected = whole.Tasks.ToList();
        Assert.Equal(_tasks, expected.Count);

        var windowed = LogAnalyzer.AnalyzeStreamed([_dir.Path], new AnalyzerOptions { MaxEventsHeld = Room });
        Assert.False(windowed.Whole);
        var actual = windowed.Tasks.ToList();

        Assert.Equal(expected.Count, actual.Count);
        var byContact = actual.ToDictionary(t => t.ContactId);
        foreach (var w in expected)
        {
            var t = byContact[w.ContactId];
            Assert.Equal((w.Id, w.Status, w.Ended, w.AgentId), (t.Id, t.Status, t.Ended, t.AgentId));
            Assert.Equal(w.Steps.Select(s => (s.Number, s.At)), t.Steps.Select(s => (s.Number, s.At)));
            Assert.Equal(w.Timeline.Select(e => (e.Message, e.Time, e.Source, e.Line)), t.Timeline.Select(e => (e.Message, e.Time, e.Source, e.Line)));
            Assert.Equal(w.Anomalies.Select(a => a.Kind), t.Anomalies.Select(a => a.Kind));
        }
        Assert.Equal(whole.Report.IcmOffset, windowed.Report.IcmOffset);
        Assert.Equal(whole.Report.UnattachedEvents, windowed.Report.UnattachedEvents);
        Assert.Equal(whole.Report.Sources.Select(s => (s.Name, s.Events, s.LinesRead)), windowed.Report.Sources.Select(s => (s.Name, s.Events, s.LinesRead)));
        Assert.Contains(windowed.Report.Notes, n => n.Contains("read in time order", StringComparison.Ordinal));
    }

    [Fact]
    public void An_archive_read_in_windows_gives_the_same_tasks_and_lines_with_most_of_its_lines_on_disk()
    {
        var zip = Path.Combine(Path.GetTempPath(), $"taskroute-windows-{Guid.NewGuid():N}.zip");
        try
        {
            System.IO.Compression.ZipFile.CreateFromDirectory(_dir.Path, zip);
            var expected = LogAnalyzer.Analyze([_dir.Path]).Tasks.ToDictionary(t => t.ContactId);
            var actual = LogAnalyzer.Analyze([zip], new AnalyzerOptions { MaxEventsHeld = Room }).Tasks;
            Assert.Equal(expected.Count, actual.Count);
            foreach (var t in actual)
            {
                var w = expected[t.ContactId];
                Assert.Equal(w.Steps.Select(s => (s.Number, s.At)), t.Steps.Select(s => (s.Number, s.At)));
                // Each event's lines, read back from the archive's store (in memory or written out) as from the files.
                Assert.Equal(w.Timeline.Select(e => (e.Message, e.Time, e.Line, e.Raw)), t.Timeline.Select(e => (e.Message, e.Time, e.Line, e.Raw)));
            }
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [Fact]
    public void A_whole_report_of_logs_read_in_windows_has_every_task_and_every_source()
    {
        var report = LogAnalyzer.Analyze([_dir.Path], new AnalyzerOptions { MaxEventsHeld = Room });
        Assert.Equal(_tasks, report.Tasks.Count);
        Assert.Equal(Enumerable.Range(1, _tasks), report.Tasks.Select(t => t.Number));
        Assert.Equal(7, report.Sources.Count);
        Assert.All(report.Sources, s => Assert.True(s.Events > 0, s.Name));
        Assert.Single(report.Tasks, t => !t.Ended);
    }

    [Fact]
    public void Read_in_windows_the_events_held_stay_within_the_room_given()
    {
        var windowed = LogAnalyzer.AnalyzeStreamed([_dir.Path], new AnalyzerOptions { MaxEventsHeld = Room });
        var total = 0L;
        foreach (var t in windowed.Tasks)
        {
            total += t.Timeline.Count;
            Assert.True(windowed.EventsHeld <= 2 * Room, $"{windowed.EventsHeld} held after {total}");
        }
        Assert.True(total > 5 * Room, $"only {total} events: the logs should be several times the room");
        Assert.InRange(windowed.MostEventsHeld, 1, 2 * Room);
        Assert.Equal(0, windowed.EventsHeld);
    }
}
