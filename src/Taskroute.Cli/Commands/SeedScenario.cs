using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;

namespace Taskroute.Cli.Commands;

/// <summary>The TechNote's task on the built-in lab, at the TechNote's times (30 January 2024, -05:00).</summary>
internal static class SeedScenario
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(-5);

    private static long At(int hour, int minute, int second, int millisecond) =>
        new DateTimeOffset(2024, 1, 30, hour, minute, second, millisecond, Offset).ToUnixTimeMilliseconds();

    public static List<FlowEvent> Run(RoutingEngine engine)
    {
        var events = new List<FlowEvent>();
        void Keep(CommandResult result)
        {
            if (!result.Succeeded) throw new InvalidOperationException($"{result.Status}: {result.Detail}");
            foreach (var e in engine.Events) events.Add(e);
        }

        const int agent = LabConfiguration.SeedLoginId;
        const int mrd = LabConfiguration.TaskMrd;
        Keep(engine.SignIn(At(8, 54, 27, 874), agent, mrd));
        Keep(engine.SetReady(At(8, 54, 34, 531), agent, mrd));
        Keep(engine.SubmitTask(At(8, 55, 49, 233), new TaskData
        {
            ContactId = Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a"),
            FeedId = LabConfiguration.TaskFeed,
            Name = "Cumulus customer",
            Title = "Task from the TechNote",
            ScriptSelector = LabConfiguration.TaskSelector,
        }));
        var dialog = engine.Dialogs(agent)[0].TaskId;
        Keep(engine.Act(At(8, 55, 58, 923), agent, dialog, DialogAction.Accept));
        Keep(engine.Act(At(8, 56, 53, 745), agent, dialog, DialogAction.Start));
        Keep(engine.Act(At(8, 58, 10, 536), agent, dialog, DialogAction.Close, Disposition.NormalEndTask));
        return events;
    }
}
