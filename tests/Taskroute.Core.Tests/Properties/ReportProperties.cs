using CsCheck;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Reporting;
using Taskroute.Core.Tracing;

namespace Taskroute.Core.Tests.Properties;

/// <summary>Invariants of reports over random workloads.</summary>
public class ReportProperties
{
    private static List<FlowEvent[]> Records(RandomWorkload.Step[] steps)
    {
        var engine = new RoutingEngine(RandomWorkload.Config());
        var contacts = new List<Guid>();
        var records = new List<FlowEvent[]>();
        var now = LabHarness.SeedMorning;
        foreach (var step in steps)
        {
            now += step.Seconds * 1000L;
            if (RandomWorkload.Resolve(engine, step, now, contacts) is not { } command) continue;
            engine.Execute(command);
            if (engine.Events.Length > 0) records.Add([.. engine.Events]);
        }
        return records;
    }

    // A workload's records, all given to a builder of 15-minute intervals.
    private static (List<FlowEvent[]> Records, ReportBuilder Builder) Counted(RandomWorkload.Step[] steps)
    {
        var records = Records(steps);
        var builder = new ReportBuilder(RandomWorkload.Config(), 15);
        for (var i = 0; i < records.Count; i++) builder.Add(i + 1, records[i]);
        return (records, builder);
    }

    private static void Collect(ReportBuilder builder, Dictionary<(long, ReportKey), IntervalCounters> rows, List<TaskDetailRecord> tasks)
    {
        var (changed, ended) = builder.TakeChanges();
        foreach (var (key, row) in changed)
        {
            if (rows.TryGetValue(key, out var kept)) kept.Add(row);
            else rows[key] = row.Copy();
        }
        tasks.AddRange(ended);
    }

    // The reports read each open task's story as its records come, keeping no records; what they
    // write when it ends must be what reading all its records at once (the trace) tells.
    [Fact]
    public void An_ended_tasks_detail_record_tells_what_the_trace_of_its_records_tells() =>
        RandomWorkload.WorkloadGen.Sample(steps =>
        {
            var (records, builder) = Counted(steps);
            var (_, ended) = builder.TakeChanges();
            foreach (var detail in ended)
            {
                var last = records.FindIndex(r => r.Any(e => e.Task == detail.Task && e.EndsTask));
                var trace = TraceBuilder.Build(detail.Task, records.Take(last + 1));
                Assert.Equal(trace.ContactId, detail.ContactId);
                Assert.Equal(trace.DialogueId, detail.DialogueId);
                Assert.Equal(trace.TaskId.IsNone ? "" : trace.TaskId.ToString(), detail.TaskId);
                Assert.Equal(trace.PreviousTask.IsNone ? "" : trace.PreviousTask.ToString(), detail.PreviousTaskId);
                Assert.Equal(trace.AgentId, detail.AgentId);
                if (trace.LoginId != 0) Assert.Equal(trace.LoginId, detail.LoginId);
                Assert.Equal(trace.Status, detail.Status);
                Assert.Equal(trace.Disposition, detail.Disposition);
                Assert.Equal(trace.RonaCount, detail.RonaCount);
                Assert.Equal(
                    (trace.Timings.Delay, trace.Timings.Network, trace.Timings.Offer, trace.Timings.Handle, trace.Timings.AnswerWait),
                    (detail.DelayMs, detail.NetworkMs, detail.OfferMs, detail.HandleMs, detail.AnswerWaitMs));
                // The trace's queue time where it has one; a task abandoned in queue has none in its
                // trace, and its record carries the time it waited.
                if (trace.Timings.Queue is not null || detail.Outcome != TaskOutcome.AbandonedInQueue) Assert.Equal(trace.Timings.Queue, detail.QueueMs);
                else Assert.True(detail.QueueMs is null or > 0);
                Assert.Equal(trace.Data?.CallVariables ?? [], detail.CallVariables);
            }
        }, iter: 300);

    [Fact]
    public void Every_task_is_offered_once_and_ends_in_exactly_one_outcome() =>
        RandomWorkload.WorkloadGen.Sample(steps =>
        {
            var (records, builder) = Counted(steps);
            var rows = new Dictionary<(long, ReportKey), IntervalCounters>();
            var tasks = new List<TaskDetailRecord>();
            Collect(builder, rows, tasks);

            var arrived = records.SelectMany(r => r).Count(e => e.Message == MessageType.NEW_TASK && e.To == Module.MediaRouting);
            var ended = records.SelectMany(r => r).Count(e => e.EndsTask);
            Assert.Equal(ended, tasks.Count);
            Assert.Equal(tasks.Count, tasks.Select(t => t.Task).Distinct().Count());
            Assert.Equal(arrived, tasks.Count + builder.OpenTaskCount);

            var selectors = rows.Where(r => r.Key.Item2.Dimension == ReportDimension.ScriptSelector).Select(r => r.Value).ToList();
            Assert.Equal(arrived, selectors.Sum(r => r[Counter.Offered]));
            Assert.Equal(tasks.Count, selectors.Sum(r => r[Counter.Handled] + r[Counter.AbandonedInQueue] + r[Counter.AbandonedWhileOffered] + r[Counter.Discarded]));
            foreach (var row in rows.Values)
            {
                Assert.True(row[Counter.ServiceLevelAnswered] + row[Counter.ServiceLevelAbandoned] <= row[Counter.ServiceLevelOffered]);
                Assert.True(row[Counter.LongestQueueMs] <= row[Counter.QueueTimeMs]);
                Assert.True(row[Counter.NotReadyMs] + row[Counter.AvailableMs] + row[Counter.ReservedMs] + row[Counter.ActiveMs] + row[Counter.PausedMs] +
                    row[Counter.InterruptedMs] + row[Counter.WorkMs] <= row[Counter.LoggedInMs]);
                Assert.Equal(row[Counter.NotReadyMs], row.NotReadyByReason.Values.Sum());
            }
        }, iter: 300);

    [Fact]
    public void A_restart_from_a_checkpoint_at_any_record_gives_the_same_reports() =>
        Gen.Select(RandomWorkload.WorkloadGen, Gen.Int[0, 1000]).Sample((steps, cut) =>
        {
            var records = Records(steps);
            var split = records.Count == 0 ? 0 : cut % (records.Count + 1);

            var whole = new ReportBuilder(RandomWorkload.Config(), 15);
            for (var i = 0; i < records.Count; i++) whole.Add(i + 1, records[i]);
            var expectedRows = new Dictionary<(long, ReportKey), IntervalCounters>();
            var expectedTasks = new List<TaskDetailRecord>();
            Collect(whole, expectedRows, expectedTasks);

            var before = new ReportBuilder(RandomWorkload.Config(), 15);
            for (var i = 0; i < split; i++) before.Add(i + 1, records[i]);
            var rows = new Dictionary<(long, ReportKey), IntervalCounters>();
            var tasks = new List<TaskDetailRecord>();
            Collect(before, rows, tasks);
            var checkpoint = before.Checkpoint();

            var after = new ReportBuilder(RandomWorkload.Config(), 15);
            after.Restore(checkpoint, task => records.Select((r, i) => (Sequence: (long)i + 1, Record: r)).Where(x => x.Record.Any(e => e.Task == task)));
            for (var i = split; i < records.Count; i++) after.Add(i + 1, records[i]);
            Collect(after, rows, tasks);

            Assert.Equal(expectedTasks, tasks, TaskDetailComparer.Instance);
            Assert.Equal(expectedRows.Keys.ToHashSet(), rows.Keys.ToHashSet());
            foreach (var (key, row) in expectedRows)
                foreach (var counter in Enum.GetValues<Counter>())
                    Assert.True(row[counter] == rows[key][counter], $"{key} {counter}: {row[counter]} whole, {rows[key][counter]} after a restart at record {split}");
            foreach (var (key, row) in expectedRows)
                Assert.Equal(row.NotReadyByReason.ToArray(), rows[key].NotReadyByReason.ToArray());
        }, iter: 300);

    [Fact]
    public void Open_tasks_kept_from_the_changes_alone_match_the_builders_open_tasks_at_every_save() =>
        Gen.Select(RandomWorkload.WorkloadGen, Gen.Int[1, 20]).Sample((steps, every) =>
        {
            var records = Records(steps);
            var builder = new ReportBuilder(RandomWorkload.Config(), 15);
            var kept = new Dictionary<int, bool>();
            for (var i = 0; i < records.Count; i++)
            {
                builder.Add(i + 1, records[i]);
                if (i % every != 0 && i != records.Count - 1) continue;
                var changes = builder.TakeOpenTaskChanges();
                foreach (var mark in changes.Marked) kept[mark.Task] = mark.ServiceLevelCounted;
                foreach (var task in changes.Closed) kept.Remove(task);
                var expected = builder.Checkpoint().OpenTasks;
                Assert.Equal(expected.Select(m => (m.Task, m.ServiceLevelCounted)), kept.OrderBy(k => k.Key).Select(k => (k.Key, k.Value)));
            }
        }, iter: 300);

    // Records hold lists, which records compare by reference.
    private sealed class TaskDetailComparer : IEqualityComparer<TaskDetailRecord>
    {
        public static readonly TaskDetailComparer Instance = new();

        public bool Equals(TaskDetailRecord? x, TaskDetailRecord? y) =>
            x is not null && y is not null &&
            (x with { CallVariables = [], EccVariables = [] }) == (y with { CallVariables = [], EccVariables = [] }) &&
            x.CallVariables.SequenceEqual(y.CallVariables) && x.EccVariables.SequenceEqual(y.EccVariables);

        public int GetHashCode(TaskDetailRecord obj) => obj.Task;
    }
}
