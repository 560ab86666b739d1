using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;

namespace Taskroute.Logs.Tests;

/// <summary>The TechNote's task (<see cref="SeedScenario"/>) through a real engine, for the log tests.</summary>
internal static class SeedFlow
{
    public static TimeSpan Offset => SeedScenario.Offset;

    public static long At(int hour, int minute, int second, int millisecond, int day = 30) => SeedScenario.At(hour, minute, second, millisecond, day);

    /// <summary>The events, batch by batch (one batch per command, as the server hands them over).</summary>
    public static List<FlowEvent[]> Batches() => SeedScenario.Batches(new RoutingEngine(LabConfiguration.Create()));
}
