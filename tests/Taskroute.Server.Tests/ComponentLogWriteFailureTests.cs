using Taskroute.Server.Logs;

namespace Taskroute.Server.Tests;

/// <summary>A run of failed component-log writes (a full disk) is said once, reminded now and then, and its end said with what it cost.</summary>
public class ComponentLogWriteFailureTests
{
    [Fact]
    public void A_run_of_failures_is_said_first_then_every_ten_thousand_batches_and_its_end_counts_the_batches_lost()
    {
        var failures = new WriteFailures();
        Assert.Equal(0, failures.Succeeded());

        var said = Enumerable.Range(0, 25_000).Select(_ => failures.Failed()).ToList();
        Assert.Equal(WriteFailures.Say.First, said[0]);
        Assert.Equal(2, said.Count(s => s == WriteFailures.Say.Reminder));
        Assert.Equal(24_997, said.Count(s => s == WriteFailures.Say.Nothing));

        Assert.Equal(25_000, failures.Succeeded());
        Assert.Equal(0, failures.Succeeded());
        // The next run starts over: its first failure is said whole again.
        Assert.Equal(WriteFailures.Say.First, failures.Failed());
    }
}
