using Taskroute.Core.Engine;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Lab;

/// <summary>
/// The TechNote's task on the built-in lab, at the TechNote's times (30 January 2024, -05:00): agent
/// 1080 signs in and goes ready in MRD 5011, the task arrives on CumulusTask, and the agent accepts,
/// starts and ends it. What <c>taskroute simulate</c> prints, and what tests of the logs replay.
/// </summary>
public static class SeedScenario
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(-5);
    public static readonly Guid ContactId = Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a");

    /// <summary>A time on the TechNote's day (or another day of January 2024) at -05:00, in Unix milliseconds.</summary>
    public static long At(int hour, int minute, int second, int millisecond, int day = 30) =>
        new DateTimeOffset(2024, 1, day, hour, minute, second, millisecond, Offset).ToUnixTimeMilliseconds();

    /// <summary>Runs the task on the engine; the events, one batch per command, as the server journals them.</summary>
    public static List<FlowEvent[]> Batches(RoutingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var batches = new List<FlowEvent[]>();
        void Keep(CommandResult result)
        {
            if (!result.Succeeded) throw new InvalidOperationException($"the seed's step was refused: {result.Status}: {result.Detail}");
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

    /// <summary>Runs the task on the engine; every event in order.</summary>
    public static List<FlowEvent> Run(RoutingEngine engine) => [.. Batches(engine).SelectMany(b => b)];
}
