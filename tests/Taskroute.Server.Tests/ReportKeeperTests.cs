using Microsoft.Extensions.Logging.Abstractions;
using Taskroute.Core.Lab;
using Taskroute.Server.Reporting;
using Taskroute.Storage.Reports;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Server.Tests;

public class ReportKeeperTests
{
    [Fact]
    public async Task Counts_are_saved_while_the_journal_never_stops_handing_over_batches_and_nobody_asks()
    {
        await UnderEndlessLoad((keeper, _) =>
            Assert.True(SpinWait.SpinUntil(() => keeper.Store.Sequence > 0, TimeSpan.FromSeconds(20)),
                "nothing was saved: under load the next batch is always waiting, and the save waited for a pause"));
    }

    [Fact]
    public async Task A_report_query_is_answered_while_the_journal_never_stops_handing_over_batches()
    {
        await UnderEndlessLoad((keeper, handedOver) =>
        {
            var asked = handedOver();
            Assert.True(keeper.WaitFor(asked, TimeSpan.FromSeconds(20)), "the query gave up before the counts it asked for were saved");
            Assert.True(keeper.Store.Sequence >= asked);
        });
    }

    // A journal writer under load: the next batch is always waiting when the keeper looks.
    private static async Task UnderEndlessLoad(Action<ReportKeeper, Func<long>> check)
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-reports-").FullName;
        try
        {
            using var journal = new SqliteJournal(Path.Combine(directory, "journal.db"));
            using var keeper = new ReportKeeper(new ReportStore(Path.Combine(directory, "reports.db"), 30), journal,
                LabConfiguration.Create(), NullLogger<ReportKeeper>.Instance);
            long handedOver = 0;
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await keeper.Publish(Interlocked.Read(ref handedOver) + 1, [[], [], [], []], 0);
                    Interlocked.Add(ref handedOver, 4);
                }
            });
            try
            {
                Assert.True(SpinWait.SpinUntil(() => Interlocked.Read(ref handedOver) >= 10_000, TimeSpan.FromSeconds(30)));
                check(keeper, () => Interlocked.Read(ref handedOver));
            }
            finally
            {
                await stop.CancelAsync();
                await writer;
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
