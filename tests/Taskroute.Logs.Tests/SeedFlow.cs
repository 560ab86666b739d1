using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;

namespace Taskroute.Logs.Tests;

/// <summary>
/// The TechNote's task on the lab through a real engine, at the TechNote's times (30 January 2024,
/// -05:00); the same steps as the CLI's seed scenario.
/// </summary>
internal static class SeedFlow
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(-5);
    public static readonly Guid ContactId = Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a");

    public static long At(int hour, int minute, int second, int millisecond, int day = 30) =>
        new DateTimeOffset(2024, 1, day, hour, minute, second, millisecond, Offset).ToUnixTimeMilliseconds();

    /// <summary>The events, batch by batch (one batch per command, as the server hands them over).</summary>
    public static List<FlowEvent[]> Batches()
    {
        var engine = new RoutingEngine(LabConfiguration.Create());
        var batches = new List<FlowEvent[]>();
        void Keep(CommandResult result)
        {
            Assert.True(result.Succeeded, $"{result.Status}: {result.Detail}");
            batches.Add(engine.Events.ToArray());
        }

        const int agent = LabConfiguration.SeedLoginId;
        const int mrd = LabConfiguration.TaskMrd;
        Keep(engine.SignIn(At(8, 54, 27, 874), agent, mrd));
        Keep(engine.SetReady(At(8, 54, 34, 531), agent, mrd));
        Keep(engine.SubmitTask(At(8, 55, 49, 233), new TaskData
        {
            ContactId = ContactId,
            FeedId = LabConfiguration.TaskFeed,
            Name = "Cumulus customer",
            Title = "Task from the TechNote",
            ScriptSelector = LabConfiguration.TaskSelector,
        }));
        var dialog = engine.Dialogs(agent)[0].TaskId;
        Keep(engine.Act(At(8, 55, 58, 923), agent, dialog, DialogAction.Accept));
        Keep(engine.Act(At(8, 56, 53, 745), agent, dialog, DialogAction.Start));
        Keep(engine.Act(At(8, 58, 10, 536), agent, dialog, DialogAction.Close, Disposition.NormalEndTask));
        return batches;
    }

    public static FlowEvent[] Events() => [.. Batches().SelectMany(b => b)];
}
