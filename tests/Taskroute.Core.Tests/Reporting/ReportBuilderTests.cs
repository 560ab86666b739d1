using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Core.Reporting;
using Taskroute.Core.Tracing;

namespace Taskroute.Core.Tests.Reporting;

/// <summary>Reports of scripted lab scenarios against figures worked out by hand.</summary>
public class ReportBuilderTests
{
    // The seed's morning, 13:54 UTC, lies in the 13:30 half hour.
    private static readonly long HalfPast = LabHarness.SeedMorning - 24 * 60_000;
    private static readonly long Two = HalfPast + 30 * 60_000;

    private readonly LabHarness _lab;
    private readonly ReportBuilder _reports;
    private readonly Dictionary<(long, ReportKey), IntervalCounters> _rows = [];
    private readonly List<TaskDetailRecord> _tasks = [];
    private long _sequence;

    public ReportBuilderTests() : this(LabConfiguration.Create())
    {
    }

    private ReportBuilderTests(RoutingConfiguration configuration)
    {
        _lab = new LabHarness(configuration);
        _reports = new ReportBuilder(configuration, intervalMinutes: 30);
    }

    private void Do(Func<RoutingEngine, long, CommandResult> command)
    {
        _lab.Ok(command);
        _reports.Add(++_sequence, [.. _lab.Last]);
        var (rows, tasks) = _reports.TakeChanges();
        foreach (var (key, row) in rows)
        {
            if (_rows.TryGetValue(key, out var kept)) kept.Add(row);
            else _rows[key] = row.Copy();
        }
        _tasks.AddRange(tasks);
    }

    private void At(long offsetMs) => _lab.Advance(TimeSpan.FromMilliseconds(LabHarness.SeedMorning + offsetMs - _lab.Now));

    private Guid Submit()
    {
        var data = _lab.Task();
        Do((e, t) => e.SubmitTask(t, data));
        return data.ContactId;
    }

    private void Ready(int login, int limit = 0)
    {
        Do((e, t) => e.SignIn(t, login, LabConfiguration.TaskMrd, limit));
        Do((e, t) => e.SetReady(t, login, LabConfiguration.TaskMrd));
    }

    private void Act(int login, DialogAction action, Disposition disposition = Disposition.None, string? selector = null)
    {
        var dialog = _lab.Engine.Dialogs(login)[0].TaskId;
        Do((e, t) => e.Act(t, login, dialog, action, disposition, selector));
    }

    private IntervalCounters Row(long start, ReportKey key) => _rows.TryGetValue((start, key), out var row) ? row : new IntervalCounters();

    private static readonly ReportKey TaskMrd = ReportKey.Mrd(LabConfiguration.TaskMrd);

    [Fact]
    public void A_threshold_passed_while_waiting_counts_against_the_queue_that_routes_the_task_not_the_one_it_waited_in_then()
    {
        // The chat script queues to Chat_Sales, and after 60 s to Chat_Support too. At its 30 s
        // threshold the task waits in Chat_Sales alone; 1081 (Chat_Support only) takes it at 70 s.
        var sales = ReportKey.SkillGroup(LabConfiguration.ChatSalesSkillGroup);
        var support = ReportKey.SkillGroup(LabConfiguration.ChatSupportSkillGroup);
        Do((e, t) => e.SignIn(t, 1081, LabConfiguration.ChatMrd));
        var chat = _lab.Task(LabConfiguration.ChatSelector, LabConfiguration.ChatFeed);
        Do((e, t) => e.SubmitTask(t, chat));
        At(31_000);
        Do((e, t) => e.Tick(t));
        At(61_000);
        Do((e, t) => e.Tick(t));
        At(70_000);
        Do((e, t) => e.SetReady(t, 1081, LabConfiguration.ChatMrd));
        Assert.Equal((1L, 0L), (Row(HalfPast, support)[Counter.Routed], Row(HalfPast, sales)[Counter.Routed]));
        Assert.Equal((1L, 0L), (Row(HalfPast, support)[Counter.ServiceLevelOffered], Row(HalfPast, sales)[Counter.ServiceLevelOffered]));
        Assert.Equal(1L, Row(HalfPast, ReportKey.Mrd(LabConfiguration.ChatMrd))[Counter.ServiceLevelOffered]);

        // One that ends without an agent is counted where it waited.
        var left = _lab.Task(LabConfiguration.ChatSelector, LabConfiguration.ChatFeed);
        Do((e, t) => e.SubmitTask(t, left));
        At(110_000);
        Do((e, t) => e.Tick(t));
        Assert.Equal(0L, Row(HalfPast, sales)[Counter.ServiceLevelOffered]);
        Do((e, t) => e.CancelTask(t, left.ContactId));
        Assert.Equal((1L, 1L), (Row(HalfPast, sales)[Counter.ServiceLevelOffered], Row(HalfPast, support)[Counter.ServiceLevelOffered]));
    }

    [Fact]
    public void The_seeds_task_is_offered_routed_answered_and_handled_in_its_half_hour_with_cce_timings()
    {
        Ready(1080);
        At(75_000);
        Submit();
        At(75_000 + 9_690);
        Act(1080, DialogAction.Accept);
        At(75_000 + 9_690 + 54_822);
        Act(1080, DialogAction.Start);
        At(75_000 + 9_690 + 54_822 + 76_791);
        Act(1080, DialogAction.Close, Disposition.NormalEndTask);

        foreach (var key in new[] { TaskMrd, ReportKey.SkillGroup(5199), ReportKey.ScriptSelector("CumulusTask"), ReportKey.Agent(1080) })
        {
            var row = Row(HalfPast, key);
            // An agent is routed tasks; only the MRD, selector and queue are offered them.
            Assert.Equal((key.Dimension == ReportDimension.Agent ? 0L : 1L, 1L, 1L, 1L), (row[Counter.Offered], row[Counter.Routed], row[Counter.Answered], row[Counter.Handled]));
            Assert.Equal((64_512L, 76_791L), (row[Counter.AnswerWaitMs], row[Counter.HandleTimeMs]));
        }
        // Answered after 64.5 s against a 30 s threshold: offered to the service level, not within it.
        var mrd = Row(HalfPast, TaskMrd);
        Assert.Equal((1L, 0L), (mrd[Counter.ServiceLevelOffered], mrd[Counter.ServiceLevelAnswered]));
        Assert.Equal(0, IntervalFigures.From(mrd, ServiceLevelType.IgnoreAbandoned).ServiceLevel);

        var agent = Row(HalfPast, ReportKey.Agent(1080));
        Assert.Equal((75_000L, 64_512L, 76_791L), (agent[Counter.AvailableMs], agent[Counter.ReservedMs], agent[Counter.ActiveMs]));
        Assert.Equal(75_000L + 64_512 + 76_791, agent[Counter.LoggedInMs]);

        var tdr = Assert.Single(_tasks);
        Assert.Equal(("154526:37051928:1", 5172, 1080, 5199, 5011), (tdr.TaskId, tdr.AgentId, tdr.LoginId, tdr.SkillGroupId, tdr.MrdId));
        Assert.Equal((0L, 0L, 9_690L, 54_822L, 76_791L, 64_512L), (tdr.DelayMs!.Value, tdr.QueueMs!.Value, tdr.NetworkMs!.Value, tdr.OfferMs!.Value, tdr.HandleMs!.Value, tdr.AnswerWaitMs!.Value));
        Assert.Equal((TaskOutcome.Handled, ContactStatus.Handled, Disposition.NormalEndTask, false), (tdr.Outcome, tdr.Status, tdr.Disposition, tdr.WithinServiceLevel));
    }

    [Fact]
    public void Service_level_counts_abandons_by_cces_three_rules()
    {
        // A answered in 10 s, B in 40 s, C abandoned in queue after 5 s, D after 50 s; threshold 30 s.
        Submit();
        Submit();
        var c = Submit();
        var d = Submit();
        At(5_000);
        Do((e, t) => e.CancelTask(t, c));
        At(8_000);
        Ready(1080, limit: 1);
        At(10_000);
        Act(1080, DialogAction.Start);
        At(36_000);
        Act(1080, DialogAction.Close, Disposition.NormalEndTask);
        At(40_000);
        Act(1080, DialogAction.Start);
        At(50_000);
        Do((e, t) => e.CancelTask(t, d));
        At(60_000);
        Act(1080, DialogAction.Close, Disposition.NormalEndTask);

        var row = Row(HalfPast, TaskMrd);
        Assert.Equal((4L, 2L, 2L, 2L), (row[Counter.Offered], row[Counter.Routed], row[Counter.Handled], row[Counter.AbandonedInQueue]));
        Assert.Equal((4L, 1L, 1L), (row[Counter.ServiceLevelOffered], row[Counter.ServiceLevelAnswered], row[Counter.ServiceLevelAbandoned]));
        var figures = IntervalFigures.From(row, ServiceLevelType.IgnoreAbandoned);
        Assert.Equal((33.33, 25.0, 50.0), (figures.ServiceLevelIgnoringAbandons!.Value, figures.ServiceLevelAbandonsNegative!.Value, figures.ServiceLevelAbandonsPositive!.Value));
        Assert.Equal(33.33, figures.ServiceLevel);
        Assert.Equal(50.0, IntervalFigures.From(row, ServiceLevelType.AbandonedPositive).ServiceLevel);
        // Queue times 8, 36, 5 and 50 s; answer waits 10 and 40 s; handle times 26 and 20 s.
        Assert.Equal((4L, 99_000L, 50_000L), (row[Counter.QueueLeft], row[Counter.QueueTimeMs], row[Counter.LongestQueueMs]));
        Assert.Equal((24_750.0, 25_000.0, 23_000.0), (figures.AverageQueueMs!.Value, figures.AverageSpeedOfAnswerMs!.Value, figures.AverageHandleMs!.Value));
        Assert.Equal(50_000, figures.LongestQueueMs);
        // In the order they ended: C, A, D, B. C's abandon within the threshold is left out under the MRD's rule.
        Assert.Equal([TaskOutcome.AbandonedInQueue, TaskOutcome.Handled, TaskOutcome.AbandonedInQueue, TaskOutcome.Handled], _tasks.Select(t => t.Outcome));
        Assert.Equal([null, true, false, false], _tasks.Select(t => t.WithinServiceLevel));
        // The abandoned tasks' records carry the 5 and 50 s they waited, as the interval rows count them.
        Assert.Equal([5_000L, 50_000L], _tasks.Where(t => t.Outcome == TaskOutcome.AbandonedInQueue).Select(t => t.QueueMs ?? -1));
    }

    [Fact]
    public void A_task_crossing_the_half_hour_is_offered_in_one_interval_and_handled_in_the_next()
    {
        At(5 * 60_000);
        Ready(1080);
        At(5 * 60_000 + 50_000); // 13:59:50
        Submit();
        At(6 * 60_000 + 10_000); // 14:00:10
        Act(1080, DialogAction.Start);
        At(7 * 60_000);
        Act(1080, DialogAction.Close, Disposition.NormalEndTask);

        var before = Row(HalfPast, TaskMrd);
        var after = Row(Two, TaskMrd);
        Assert.Equal((1L, 1L, 0L, 0L), (before[Counter.Offered], before[Counter.Routed], before[Counter.Answered], before[Counter.Handled]));
        Assert.Equal((0L, 0L, 1L, 1L), (after[Counter.Offered], after[Counter.Routed], after[Counter.Answered], after[Counter.Handled]));
        Assert.Equal((1L, 1L), (after[Counter.ServiceLevelOffered], after[Counter.ServiceLevelAnswered]));
        // Reserved from 13:59:50 to 14:00:10: ten seconds on each side of the boundary.
        var agentBefore = Row(HalfPast, ReportKey.Agent(1080));
        var agentAfter = Row(Two, ReportKey.Agent(1080));
        Assert.Equal((50_000L, 10_000L), (agentBefore[Counter.AvailableMs], agentBefore[Counter.ReservedMs]));
        Assert.Equal((10_000L, 50_000L), (agentAfter[Counter.ReservedMs], agentAfter[Counter.ActiveMs]));
    }

    [Fact]
    public void A_rona_counts_for_the_agent_that_let_it_ring_and_the_task_is_routed_twice()
    {
        Ready(1080);
        Submit();
        At(31_000);
        Do((e, t) => e.Tick(t));
        Do((e, t) => e.SetReady(t, 1080, LabConfiguration.TaskMrd));
        Act(1080, DialogAction.Start);
        At(40_000);
        Act(1080, DialogAction.Close, Disposition.NormalEndTask);

        var row = Row(HalfPast, TaskMrd);
        Assert.Equal((1L, 2L, 1L), (row[Counter.Rona], row[Counter.Routed], row[Counter.Handled]));
        Assert.Equal(1, Row(HalfPast, ReportKey.Agent(1080))[Counter.Rona]);
        Assert.Equal(1, Assert.Single(_tasks).RonaCount);
    }

    [Fact]
    public void A_task_ended_by_its_agents_sign_out_is_handled_for_as_long_as_it_was_worked_with_all_nine_steps()
    {
        Ready(1080);
        Submit();
        At(5_000);
        Act(1080, DialogAction.Accept);
        Act(1080, DialogAction.Start);
        At(65_000);
        // Signing out with the task held ends it (dialogLogoutAction CLOSE): no END_TASK_IND from a desktop.
        Do((e, t) => e.SignOut(t, 1080, LabConfiguration.TaskMrd));

        var tdr = Assert.Single(_tasks);
        Assert.Equal((TaskOutcome.Handled, Disposition.AgentLoggedOutDuringTask), (tdr.Outcome, tdr.Disposition));
        Assert.Equal(60_000L, tdr.HandleMs);
        Assert.Equal(60_000L, Row(HalfPast, TaskMrd)[Counter.HandleTimeMs]);
        var trace = TraceBuilder.Build(tdr.Task, [_lab.Journal.Where(e => e.Task == tdr.Task).ToList()]);
        Assert.Equal(60_000L, trace.Timings.Handle);
        Assert.NotNull(trace.Steps[8].Time);
        Assert.DoesNotContain(trace.Flags, f => f.Kind == TraceFlagKind.MissingStep);
    }

    [Fact]
    public void A_task_that_rings_out_before_its_threshold_is_offered_and_not_answered_within_service_level()
    {
        // Email: a 120 s start timeout inside a 3,600 s service level threshold.
        Do((e, t) => e.SignIn(t, 1080, LabConfiguration.EmailMrd));
        Do((e, t) => e.SetReady(t, 1080, LabConfiguration.EmailMrd));
        var data = _lab.Task(LabConfiguration.EmailSelector, LabConfiguration.EmailFeed);
        Do((e, t) => e.SubmitTask(t, data));
        At(121_000);
        Do((e, t) => e.Tick(t));
        Do((e, t) => e.SetReady(t, 1080, LabConfiguration.EmailMrd));
        Act(1080, DialogAction.Start);
        At(130_000);
        Act(1080, DialogAction.Close, Disposition.NormalEndTask);

        // CCE's service level event for a RONA inside the threshold: offered, and not answered
        // within, though the task was then answered at 121 s, far inside 3,600.
        var row = Row(HalfPast, ReportKey.Mrd(LabConfiguration.EmailMrd));
        Assert.Equal((1L, 1L, 0L), (row[Counter.Rona], row[Counter.ServiceLevelOffered], row[Counter.ServiceLevelAnswered]));
        Assert.False(Assert.Single(_tasks).WithinServiceLevel);
    }

    [Fact]
    public void A_transfer_counts_as_handled_and_transferred_and_its_follow_up_task_is_offered_anew()
    {
        Ready(1080);
        Submit();
        At(2_000);
        Act(1080, DialogAction.Start);
        At(12_000);
        Act(1080, DialogAction.Transfer, selector: LabConfiguration.TaskSelector);
        At(15_000);
        Act(1080, DialogAction.Start);
        At(20_000);
        Act(1080, DialogAction.Close, Disposition.NormalEndTask);

        var row = Row(HalfPast, TaskMrd);
        Assert.Equal((2L, 2L, 1L), (row[Counter.Offered], row[Counter.Handled], row[Counter.Transferred]));
        Assert.Equal(2, _tasks.Count);
        Assert.True(_tasks[0].Transferred);
        Assert.Equal(Disposition.TaskTransferred, _tasks[0].Disposition);
        Assert.Equal(_tasks[0].TaskId, _tasks[1].PreviousTaskId);
    }

    [Fact]
    public void A_task_whose_life_runs_out_while_offered_is_abandoned_while_offered_for_its_agent()
    {
        var lab = LabConfiguration.Create();
        var shortLived = new ReportBuilderTests(new RoutingConfiguration
        {
            RouterCallKeyStart = lab.RouterCallKeyStart,
            Mrds = [new MediaRoutingDomain { Id = LabConfiguration.TaskMrd, Name = "Short", TaskLifeSeconds = 10, TaskStartTimeoutSeconds = 30 }, .. lab.Mrds.Skip(1)],
            SkillGroups = lab.SkillGroups,
            PrecisionQueues = lab.PrecisionQueues,
            Agents = lab.Agents,
            Attributes = lab.Attributes,
            ScriptSelectors = lab.ScriptSelectors,
            TaskFeeds = lab.TaskFeeds,
        });
        shortLived.Check();
    }

    private void Check()
    {
        Ready(1080);
        Submit();
        Act(1080, DialogAction.Accept);
        At(11_000);
        Do((e, t) => e.Tick(t));

        var row = Row(HalfPast, ReportKey.Agent(1080));
        Assert.Equal(1, row[Counter.AbandonedWhileOffered]);
        Assert.Equal(TaskOutcome.AbandonedWhileOffered, Assert.Single(_tasks).Outcome);
    }

    [Fact]
    public void An_unknown_script_selector_is_a_discarded_task_outside_the_service_level()
    {
        var data = _lab.Task("NoSuchSelector");
        Do((e, t) => e.SubmitTask(t, data));

        var row = Row(HalfPast, ReportKey.ScriptSelector("NoSuchSelector"));
        Assert.Equal((1L, 1L, 0L), (row[Counter.Offered], row[Counter.Discarded], row[Counter.ServiceLevelOffered]));
        Assert.Equal(TaskOutcome.Discarded, Assert.Single(_tasks).Outcome);
    }

    [Fact]
    public void A_task_whose_life_runs_out_in_the_queue_is_abandoned_in_queue_with_its_queue_time()
    {
        // Nobody is signed in to chat: the task waits until the MRD's task life (300 s) ends it.
        var data = _lab.Task(LabConfiguration.ChatSelector, LabConfiguration.ChatFeed, callVariables: ["es"]);
        Do((e, t) => e.SubmitTask(t, data));
        At(301_000);
        Do((e, t) => e.Tick(t));

        var row = Row(HalfPast, ReportKey.Mrd(LabConfiguration.ChatMrd));
        Assert.Equal((1L, 0L), (row[Counter.AbandonedInQueue], row[Counter.Discarded]));
        var tdr = Assert.Single(_tasks);
        Assert.Equal((TaskOutcome.AbandonedInQueue, 300_000L), (tdr.Outcome, tdr.QueueMs));
    }

    [Fact]
    public void A_task_the_script_queues_to_a_second_skill_group_after_a_wait_is_offered_to_both()
    {
        // CumulusChat queues to Chat_Sales, waits 60 s, then to Chat_Support too; nobody is signed in to chat.
        var data = _lab.Task(LabConfiguration.ChatSelector, LabConfiguration.ChatFeed);
        Do((e, t) => e.SubmitTask(t, data));
        Assert.Equal(0, Row(HalfPast, ReportKey.SkillGroup(LabConfiguration.ChatSupportSkillGroup))[Counter.Offered]);
        At(61_000);
        Do((e, t) => e.Tick(t));
        Assert.Contains(_lab.Last.ToArray(), e => e.Message == MessageType.QUEUE_TARGET_ADDED && e.SkillGroupId == LabConfiguration.ChatSupportSkillGroup);
        At(301_000);
        Do((e, t) => e.Tick(t));

        var sales = Row(HalfPast, ReportKey.SkillGroup(LabConfiguration.ChatSalesSkillGroup));
        var support = Row(HalfPast, ReportKey.SkillGroup(LabConfiguration.ChatSupportSkillGroup));
        Assert.Equal((1L, 1L), (sales[Counter.Offered], support[Counter.Offered]));
        // The rest counts where it first waited, as before: one abandon, not two.
        Assert.Equal((1L, 0L), (sales[Counter.AbandonedInQueue], support[Counter.AbandonedInQueue]));
        Assert.Equal(1L, Row(HalfPast, ReportKey.Mrd(LabConfiguration.ChatMrd))[Counter.Offered]);
    }

    [Fact]
    public void A_precision_queue_task_counts_for_the_queue_and_its_mrd_not_for_a_skill_group()
    {
        Do((e, t) => e.SignIn(t, 1081, LabConfiguration.ChatMrd));
        Do((e, t) => e.SetReady(t, 1081, LabConfiguration.ChatMrd));
        var data = _lab.Task(LabConfiguration.ChatSelector, LabConfiguration.ChatFeed, callVariables: ["es"]);
        Do((e, t) => e.SubmitTask(t, data));
        // 1081 speaks Spanish but is no billing expert: the queue's second step, after 30 s, takes it.
        At(31_000);
        Do((e, t) => e.Tick(t));
        Act(1081, DialogAction.Start);
        At(40_000);
        Act(1081, DialogAction.Close, Disposition.NormalEndTask);

        var queue = Row(HalfPast, ReportKey.PrecisionQueue(LabConfiguration.SpanishChatQueue));
        // The step timer fires at its deadline, 30 s after arrival, though the clock was read at 31 s.
        Assert.Equal((1L, 1L, 1L, 30_000L), (queue[Counter.Offered], queue[Counter.Routed], queue[Counter.Handled], queue[Counter.QueueTimeMs]));
        Assert.Equal(1, Row(HalfPast, ReportKey.Mrd(LabConfiguration.ChatMrd))[Counter.Handled]);
        Assert.DoesNotContain(_rows.Keys, k => k.Item2.Dimension == ReportDimension.SkillGroup);
        var tdr = Assert.Single(_tasks);
        Assert.Equal((LabConfiguration.SpanishChatQueue, 0, "es"), (tdr.PrecisionQueueId, tdr.SkillGroupId, tdr.CallVariables[0]));
    }

    [Fact]
    public void Time_in_the_current_state_is_added_up_to_now_across_intervals()
    {
        Ready(1080); // 13:54, ready until after 14:01
        var open = ReportBuilder.OpenTime(_reports.AgentSpans(), Two + 60_000, _reports.IntervalMs);

        Assert.Equal(6 * 60_000, open[(HalfPast, ReportKey.Agent(1080))][Counter.AvailableMs]);
        Assert.Equal(60_000, open[(Two, ReportKey.Agent(1080))][Counter.AvailableMs]);
    }
}
