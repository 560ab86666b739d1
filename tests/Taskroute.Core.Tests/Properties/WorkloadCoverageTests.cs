using Taskroute.Core.Flow;

namespace Taskroute.Core.Tests.Properties;

/// <summary>Guards the property tests against passing vacuously: their random workloads must reach every path.</summary>
public class WorkloadCoverageTests
{
    [Fact]
    public void Random_workloads_reach_routing_ring_no_answer_transfers_cancels_configuration_changes_and_every_timer()
    {
        var seen = new HashSet<string>();
        // A fixed seed, so the workloads (and this test's verdict) are the same on every run.
        var random = new Random(20240130);
        for (var run = 0; run < 1000; run++)
        {
            var steps = Enumerable.Range(0, random.Next(1, 200)).Select(_ => RandomWorkload.Step.From(random)).ToArray();
            var engine = RandomWorkload.Engine();
            var contacts = new List<Guid>();
            var now = LabHarness.SeedMorning;
            foreach (var step in steps)
            {
                now += step.Seconds * 1000L;
                if (RandomWorkload.Resolve(engine, step, now, contacts) is not { } command) continue;
                var result = engine.Execute(command);
                if (command is Commands.ChangeConfiguration)
                {
                    seen.Add(result.Succeeded ? "configuration changed" : "configuration refused");
                    if (engine.Events.ToArray().Any(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND)) seen.Add("configuration routed a waiting task");
                }
                foreach (var e in engine.Events)
                {
                    seen.Add(e.Message.ToString());
                    if (e.Message == MessageType.TIMER_EXPIRED) seen.Add("timer " + e.Text);
                    if (e.EndsTask) seen.Add("end " + e.Disposition);
                    if (e.Message == MessageType.AGENT_EVENT) seen.Add("state " + e.AgentState);
                }
            }
        }

        string[] expected =
        [
            "DEVICE_TARGET_PRE_CALL_IND", "START_TASK_EVENT", "PAUSE_TASK_EVENT", "WRAPUP_TASK_EVENT", "REQUEUE_TASK",
            "AGENT_MADE_NOT_ROUTABLE_EVENT", "timer TaskStartTimeout", "timer ScriptWait", "timer PrecisionQueueStep", "timer PriorityRaise",
            "end NormalEndTask", "end TaskTransferred", "end AbandonedInRouter", "end InvalidScriptSelector", "end IcmRoutingComplete",
            "end AgentLoggedOutDuringTask", "end TaskTransferredOnAgentLogout", "end MaxTaskLifetimeExceeded", "end AbandonedWhileOffered", "state ACTIVE", "state PAUSED", "state WORK", "state RESERVED",
            "configuration changed", "configuration refused", "configuration routed a waiting task",
        ];
        Assert.Empty(expected.Except(seen));
    }
}
