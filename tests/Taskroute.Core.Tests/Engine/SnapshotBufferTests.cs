using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;

namespace Taskroute.Core.Tests.Engine;

public class SnapshotBufferTests
{
    [Fact]
    public void A_snapshot_written_into_a_buffer_prepared_ahead_is_the_same_and_never_grows_it_while_written()
    {
        var engine = Backlog(3_000);
        var fresh = new SnapshotBuffer();
        var length = engine.WriteUnsealedSnapshot(fresh);
        Assert.True(length > 64 * 1024, "the backlog's snapshot should outgrow a fresh buffer");

        var prepared = new SnapshotBuffer();
        prepared.Prepare(length + 4096);
        var capacity = prepared.Capacity;
        Assert.True(capacity >= length + 4096);
        Assert.Equal(length, engine.WriteUnsealedSnapshot(prepared));
        Assert.Equal(capacity, prepared.Capacity);
        Assert.Equal(fresh.Written.ToArray(), prepared.Written.ToArray());
    }

    [Fact]
    public void Preparing_a_buffer_keeps_what_it_holds_and_a_smaller_size_changes_nothing()
    {
        var buffer = new SnapshotBuffer();
        buffer.Append([1, 2, 3]);
        buffer.Prepare(1 << 20);
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer.Written.ToArray());
        var capacity = buffer.Capacity;
        buffer.Prepare(10);
        Assert.Equal(capacity, buffer.Capacity);
    }

    private static RoutingEngine Backlog(int tasks)
    {
        var engine = new RoutingEngine(LabConfiguration.Create());
        var time = new DateTimeOffset(2024, 1, 30, 13, 55, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        for (var i = 0; i < tasks; i++)
        {
            var result = engine.Execute(new SubmitTask(time + i, new TaskData
            {
                ContactId = Guid.NewGuid(), FeedId = LabConfiguration.TaskFeed, Name = $"task {i}", Title = "backlog", ScriptSelector = LabConfiguration.TaskSelector,
            }));
            Assert.True(result.Succeeded, result.Detail);
        }
        return engine;
    }
}
