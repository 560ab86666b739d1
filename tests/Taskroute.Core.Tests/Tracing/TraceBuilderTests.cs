using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
using Taskroute.Core.Lab;
using Taskroute.Core.Tracing;

namespace Taskroute.Core.Tests.Tracing;

/// <summary>Traces read from the journal's records: the seed's task, RONA, abandons, discards and open tasks.</summary>
public class TraceBuilderTests
{
    private readonly LabHarness _lab = new();
    private readonly List<FlowEvent[]> _records = [];

    private void Do(Func<RoutingEngine, long, CommandResult> command)
    {
        _lab.Ok(command);
        _records.Add([.. _lab.Last]);
    }

    private void Ready(int login, int mrd = LabConfiguration.TaskMrd)
    {
        Do((e, t) => e.SignIn(t, login, mrd));
        Do((e, t) => e.SetReady(t, login, mrd));
    }

    private int Submit(string selector = LabConfiguration.TaskSelector)
    {
        var data = _lab.Task(selector);
        var task = 0;
        Do((e, t) =>
        {
            var result = e.SubmitTask(t, data);
            task = result.Task;
            return result;
        });
        return task;
    }

    private void Act(int login, DialogAction action, Disposition disposition = Disposition.None)
    {
        var dialog = _lab.Engine.Dialogs(login)[0].TaskId;
        Do((e, t) => e.Act(t, login, dialog, action, disposition));
    }

    private TaskTrace Trace(int task) => TraceBuilder.Build(task, _records);

    [Fact]
    public void The_seeds_task_has_its_nine_steps_and_cce_timings_that_add_up()
    {
        Ready(LabConfiguration.SeedLoginId);
        _lab.Advance(TimeSpan.FromSeconds(75));
        var task = Submit();
        _lab.Advance(TimeSpan.FromMilliseconds(9_690));
        Act(1080, DialogAction.Accept);
        _lab.Advance(TimeSpan.FromMilliseconds(54_822));
        Act(1080, DialogAction.Start);
        _lab.Advance(TimeSpan.FromMilliseconds(76_791));
        Act(1080, DialogAction.Close, Disposition.NormalEndTask);

        var trace = Trace(task);

        Assert.Equal(new IcmTaskId(154526, 37051928, 1), trace.TaskId);
        Assert.Equal((5172, 1080, 5199, 5011), (trace.AgentId, trace.LoginId, trace.SkillGroupId, trace.MrdId));
        Assert.Equal(ContactStatus.Handled, trace.Status);
        Assert.Equal(Disposition.NormalEndTask, trace.Disposition);
        Assert.True(trace.Ended);
        Assert.All(trace.Steps, s => Assert.NotNull(s.Time));
        Assert.Empty(trace.Flags);
        Assert.Equal(new TaskTimings(0, 0, 9_690, 54_822, 76_791), trace.Timings);
        Assert.Equal(64_512, trace.Timings.AnswerWait);
        var decision = Assert.Single(trace.Decisions);
        Assert.Equal((RoutingRule.LongestAvailableAgent, 1), (decision.Rule, decision.Candidates));
        Assert.Equal([AgentState.RESERVED, AgentState.ACTIVE, AgentState.NOT_ACTIVE], trace.AgentStates.Select(s => s.State));
        Assert.Equal([ContactStatus.Unread, ContactStatus.Queued, ContactStatus.Reserved, ContactStatus.Handled], trace.StatusChanges.Select(s => s.Status));
        Assert.Equal(MessageType.CREATE_SOCIAL_CONTACT, trace.Events[0].Message);
        Assert.Equal(trace.Events.Select(e => e.Time).Order(), trace.Events.Select(e => e.Time));
        Assert.DoesNotContain(trace.Events, e => e.Message is MessageType.MEDIA_LOGIN_REQ or MessageType.MAKE_AGENT_READY_IND);
    }

    [Fact]
    public void A_tasks_own_events_read_directly_tell_what_its_records_tell()
    {
        Ready(LabConfiguration.SeedLoginId);
        var task = Submit();
        _lab.Advance(TimeSpan.FromMilliseconds(900));
        Act(1080, DialogAction.Accept);
        Act(1080, DialogAction.Start);
        Act(1080, DialogAction.Close, Disposition.NormalEndTask);
        var own = _records.SelectMany(r => r).Where(e => e.Task == task).ToList();

        var fromRecords = TraceBuilder.Build(task, [own]);
        var direct = TraceBuilder.BuildFromOwnEvents(task, own);

        Assert.Equal(fromRecords.Events, direct.Events);
        Assert.Equal(fromRecords.Steps, direct.Steps);
        Assert.Equal(fromRecords.Timings, direct.Timings);
        Assert.Equal(fromRecords.AgentStates, direct.AgentStates);
        Assert.Equal(fromRecords.Flags, direct.Flags);
        Assert.Equal((fromRecords.TaskId, fromRecords.AgentId, fromRecords.Ended), (direct.TaskId, direct.AgentId, direct.Ended));
        Assert.Throws<ArgumentException>(() => TraceBuilder.BuildFromOwnEvents(task + 1, own));
    }

    [Fact]
    public void A_task_that_waited_in_queue_counts_its_wait_as_queue_time()
    {
        var task = Submit();
        _lab.Advance(TimeSpan.FromSeconds(42));
        Ready(1080);
        Act(1080, DialogAction.Start);

        var trace = Trace(task);

        Assert.Equal(0, trace.Timings.Delay);
        Assert.Equal(42_000, trace.Timings.Queue);
        Assert.Equal(0, trace.Timings.Network);
        Assert.Equal(0, trace.Timings.Offer);
        Assert.Null(trace.Timings.Handle);
        Assert.Equal(TraceFlagKind.NotEnded, Assert.Single(trace.Flags).Kind);
    }

    [Fact]
    public void A_redirection_on_no_answer_is_flagged_and_the_second_agents_timings_add_up()
    {
        Ready(1080);
        Ready(1081);
        var task = Submit();
        _lab.Advance(TimeSpan.FromSeconds(31));
        Do((e, t) => e.Tick(t));
        _lab.Advance(TimeSpan.FromSeconds(2));
        Act(1081, DialogAction.Accept);
        _lab.Advance(TimeSpan.FromSeconds(3));
        Act(1081, DialogAction.Start);
        Act(1081, DialogAction.Close, Disposition.NormalEndTask);

        var trace = Trace(task);

        Assert.Equal(1, trace.RonaCount);
        // In the order they happened: 1080 reserved (and never offered) before the ring ran out.
        Assert.Equal([TraceFlagKind.ReservedNeverOffered, TraceFlagKind.Rona], trace.Flags.Select(f => f.Kind));
        Assert.True(trace.Flags[0].Time <= trace.Flags[1].Time);
        // Said in the desktop's words too: its desktop showed the task OFFERED; it never accepted it.
        Assert.Contains("shown the task but never accepted it", trace.Flags[0].Detail);
        Assert.Equal(2, trace.Decisions.Count);
        Assert.Equal(LabConfiguration.SeedAgentId + 1, trace.AgentId);
        Assert.Equal(36_000, trace.Timings.AnswerWait);
        // The redirection happens at the start timeout's deadline (30 s), not at the later tick.
        Assert.Equal(3_000, trace.Timings.Network);
        Assert.Equal(3_000, trace.Timings.Offer);
    }

    [Fact]
    public void A_task_cancelled_in_queue_is_flagged_abandoned()
    {
        var task = Submit();
        var contact = _lab.Engine.Contacts.Single().Id;
        _lab.Advance(TimeSpan.FromSeconds(5));
        Do((e, t) => e.CancelTask(t, contact));

        var trace = Trace(task);

        Assert.True(trace.Ended);
        Assert.Equal(TraceFlagKind.AbandonedInQueue, Assert.Single(trace.Flags).Kind);
        Assert.Null(trace.Timings.AnswerWait);
    }

    [Fact]
    public void A_task_closed_while_offered_is_abandoned_while_offered_and_misses_no_step_it_never_reached()
    {
        Ready(LabConfiguration.SeedLoginId);
        var task = Submit();
        _lab.Advance(TimeSpan.FromSeconds(1));
        Act(1080, DialogAction.Accept);
        _lab.Advance(TimeSpan.FromSeconds(9));
        Act(1080, DialogAction.Close);

        var trace = Trace(task);

        // Never started: steps 7 and 8 did not happen, so they are not missing; its end (step 9) is there.
        Assert.Equal(TraceFlagKind.AbandonedWhileOffered, Assert.Single(trace.Flags).Kind);
        Assert.Equal(Disposition.AbandonedWhileOffered, trace.Disposition);
        Assert.Equal([true, true, true, true, true, true, false, false, true], trace.Steps.Select(s => s.Time is not null));
    }

    [Fact]
    public void A_task_for_an_unknown_script_selector_is_flagged_discarded_with_the_reason()
    {
        var task = Submit("NoSuchSelector");

        var trace = Trace(task);

        Assert.Equal(ContactStatus.Discarded, trace.Status);
        var flag = Assert.Single(trace.Flags);
        Assert.Equal(TraceFlagKind.Discarded, flag.Kind);
        Assert.Contains("NoSuchSelector", flag.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_tasks_events_in_the_same_records_stay_out_of_the_trace()
    {
        Ready(1080);
        var first = Submit();
        var second = Submit();
        Act(1080, DialogAction.Start);
        Act(1080, DialogAction.Close, Disposition.NormalEndTask);

        var trace = Trace(second);

        Assert.All(trace.Events, e => Assert.True(e.Task == second || e.Task == 0));
        Assert.DoesNotContain(trace.Events, e => e.Task == first);
        // Only the reservation for the second task is its own; the first task's start and end are not.
        Assert.Single(trace.AgentStates);
    }

    [Fact]
    public void A_task_interrupted_by_a_non_interruptible_task_says_when_by_what_and_for_how_long_and_the_other_task_is_untouched()
    {
        Ready(1080);
        Ready(1080, LabConfiguration.EmailMrd);
        var chat = Submit();
        var chatDialog = _lab.Engine.Dialogs(1080).Single(d => d.MrdId == LabConfiguration.TaskMrd).TaskId;
        Do((e, t) => e.Act(t, 1080, chatDialog, DialogAction.Accept));
        Do((e, t) => e.Act(t, 1080, chatDialog, DialogAction.Start));
        var email = Submit(LabConfiguration.EmailSelector);
        var emailDialog = _lab.Engine.Dialogs(1080).Single(d => d.MrdId == LabConfiguration.EmailMrd).TaskId;
        _lab.Advance(TimeSpan.FromSeconds(5));
        Do((e, t) => e.Act(t, 1080, emailDialog, DialogAction.Accept));
        var interruptedAt = _lab.Now;
        Do((e, t) => e.Act(t, 1080, emailDialog, DialogAction.Start));
        _lab.Advance(TimeSpan.FromSeconds(42.5));
        Do((e, t) => e.Act(t, 1080, emailDialog, DialogAction.Close, Disposition.NormalEndTask));
        Do((e, t) => e.Act(t, 1080, chatDialog, DialogAction.Close, Disposition.NormalEndTask));

        var trace = Trace(chat);
        var flag = Assert.Single(trace.Flags);
        Assert.Equal((TraceFlagKind.Interrupted, interruptedAt), (flag.Kind, flag.Time));
        Assert.Equal($"agent 5172's MRD was interrupted (task {emailDialog} of non-interruptible MRD 5013 started); it resumed 42.5 s later", flag.Detail);
        Assert.Equal([AgentState.RESERVED, AgentState.ACTIVE, AgentState.INTERRUPTED, AgentState.ACTIVE, AgentState.NOT_ACTIVE], trace.AgentStates.Select(s => s.State));
        Assert.All(trace.AgentStates, s => Assert.Equal(LabConfiguration.TaskMrd, s.MrdId));
        Assert.Contains(trace.Events, e => e.Message == MessageType.AGENT_INTERRUPT_ADVISORY_EVENT && e.Time == interruptedAt);
        Assert.All(trace.Steps, s => Assert.NotNull(s.Time));

        // The email's own trace is as it would be without the chat: its agent's states are its MRD's,
        // not the chat MRD's that it made unavailable, interrupted and gave back.
        var emailTrace = Trace(email);
        Assert.Empty(emailTrace.Flags);
        Assert.Equal([AgentState.RESERVED, AgentState.ACTIVE, AgentState.NOT_ACTIVE], emailTrace.AgentStates.Select(s => s.State));
        Assert.All(emailTrace.Steps, s => Assert.NotNull(s.Time));
    }

    [Fact]
    public void A_task_still_interrupted_says_it_has_not_resumed_yet()
    {
        Ready(1080);
        Ready(1080, LabConfiguration.EmailMrd);
        var chat = Submit();
        Do((e, t) => e.Act(t, 1080, _lab.Engine.Dialogs(1080).Single(d => d.MrdId == LabConfiguration.TaskMrd).TaskId, DialogAction.Start));
        Submit(LabConfiguration.EmailSelector);
        Do((e, t) => e.Act(t, 1080, _lab.Engine.Dialogs(1080).Single(d => d.MrdId == LabConfiguration.EmailMrd).TaskId, DialogAction.Start));

        var flags = Trace(chat).Flags;
        Assert.Equal([TraceFlagKind.Interrupted, TraceFlagKind.NotEnded], flags.Select(f => f.Kind));
        Assert.EndsWith("it has not resumed yet", flags[0].Detail);
    }
}
