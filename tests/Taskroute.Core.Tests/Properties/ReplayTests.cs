using CsCheck;
using Taskroute.Core.Commands;

namespace Taskroute.Core.Tests.Properties;

public class ReplayTests
{
    [Fact]
    public void Replaying_the_same_commands_yields_an_identical_event_stream() =>
        RandomWorkload.WorkloadGen.Sample(steps =>
        {
            // Resolve the steps once, against a first engine, into concrete commands.
            var first = RandomWorkload.Engine();
            var contacts = new List<Guid>();
            var commands = new List<Command>();
            var expected = new List<string>();
            var now = LabHarness.SeedMorning;
            foreach (var step in steps)
            {
                now += step.Seconds * 1000L;
                if (RandomWorkload.Resolve(first, step, now, contacts) is not { } command) continue;
                commands.Add(command);
                first.Execute(command);
                foreach (var e in first.Events) expected.Add(e.ToString());
            }

            var second = RandomWorkload.Engine();
            var actual = new List<string>();
            foreach (var command in commands)
            {
                second.Execute(command);
                foreach (var e in second.Events) actual.Add(e.ToString());
            }
            Assert.Equal(expected, actual);
        }, iter: 200);
}
