namespace Taskroute.Analyzer.Tests;

/// <summary>
/// A duplexed router's two logs of a busy hour, tasks and voice calls mixed, read whole and read in
/// time windows: each router message counts once and the voice calls are left out either way.
/// </summary>
public sealed class RouterLogsInWindowsTests : IDisposable
{
    private const int Calls = 300;
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // One side's log of the busy hour, its clock the given milliseconds behind.
    private static string Side(char side, int behind)
    {
        var lines = new List<string> { "Events from January 30, 2024" };
        for (var i = 0; i < Calls; i++)
        {
            var clock = TimeSpan.FromHours(9) + TimeSpan.FromMilliseconds(i * 1_500 - behind);
            var at = $"{clock:hh\\:mm\\:ss}:{clock.Milliseconds:000}";
            var key = 3000 + i;
            // Every fourth call is a voice call: dialed and calling numbers, no contact, no task MRD.
            var ids = i % 4 == 3 ? "DN=8005551000, ANI=9195551234, CED=" : $"DN=ChatTask, ANI={Contact(i)}, RCID=5004, MRDID=5012";
            lines.Add($"{at} ra-rtr Trace: ({i + 1} x 0 : 0 0) NewCall: CID=(154600,{key}), {ids}");
            lines.Add($"{at} ra-rtr Trace: ({i + 1} x 0 : 0 0) CID=(154600,{key}):ChatTask:Step 1 sending call to Agent {6100 + i % 10}");
            lines.Add($"{at} ra-rtr Trace: ({i + 1} x 0 : 0 0) Connect: CID=(154600,{key}), EventSelect=0x0, ServiceType=0");
        }
        return (string.Join('\n', lines) + "\n").Replace("ra-rtr", $"r{side}-rtr", StringComparison.Ordinal);
    }

    private static Guid Contact(int i) => new(i + 1, 0x7777, 0x4888, 0x89, 0x99, 0, 0, 0, 0, 0, 2);

    [Theory]
    [InlineData(1_000_000, 0)]
    [InlineData(200, 0)]
    [InlineData(1_000_000, 3)]
    [InlineData(200, 3)]
    public void Each_router_message_counts_once_and_voice_calls_are_no_tasks_whole_or_in_windows_even_with_side_Bs_clock_a_few_ms_behind(int room, int behind)
    {
        _dir.Write("rtr.log", Side('a', 0));
        _dir.Write("rtr-sideB.log", Side('b', behind));
        var report = LogAnalyzer.Analyze([_dir.Path], new AnalyzerOptions { MaxEventsHeld = room, IcmOffset = TimeSpan.FromHours(-5) });
        Assert.Equal(room < 1_000, report.Notes.Any(n => n.Contains("read in time order", StringComparison.Ordinal)));
        Assert.Equal(Calls - Calls / 4, report.Tasks.Count);
        Assert.All(report.Tasks, t => Assert.Equal(["NEW_CALL", "SCRIPT_STEP", "CONNECT"], t.Timeline.Select(e => e.Message)));
        // The earlier of the two copies is the one kept, whichever side logged it.
        if (behind > 0) Assert.All(report.Tasks, t => Assert.All(t.Timeline, e => Assert.EndsWith("rtr-sideB.log", e.Source, StringComparison.Ordinal)));
        Assert.Contains(report.Notes, n => n.StartsWith($"{Calls * 3:N0} messages were logged by both sides of a duplexed process", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.StartsWith($"{Calls / 4} router calls (154600:3003, 154600:3007, 154600:3011, ...)", StringComparison.Ordinal));
    }
}
