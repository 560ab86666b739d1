using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Modules.Router;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Tests.Routing;

/// <summary>
/// The router's decisions (queue a task, pick an agent, hand the best waiting task to an agent that
/// frees up) must not allocate once warmed up: at contact-centre rates, garbage per decision is what
/// turns into pauses.
/// </summary>
public class RoutingAllocationTests
{
    private static readonly RoutingConfiguration Config = new()
    {
        Mrds = [new MediaRoutingDomain { Id = 1, Name = "M", MaxTasksPerAgent = 1 }],
        SkillGroups = [new SkillGroup { Id = 10, Name = "A", MrdId = 1 }, new SkillGroup { Id = 11, Name = "B", MrdId = 1 }],
        Agents = Enumerable.Range(0, 8).Select(i => new AgentConfig { Id = 100 + i, LoginId = 1000 + i, SkillGroups = i % 2 == 0 ? [10, 11] : [10] }).ToArray(),
        ScriptSelectors =
        [
            new ScriptSelector { Name = "S", MrdId = 1, Script = [new QueueNode { SkillGroups = [10], Priority = 4 }, new QueueNode { SkillGroups = [11], Priority = 2 }] },
        ],
        TaskFeeds = [new TaskFeed { Id = 1, Name = "f" }],
    };

    [Fact]
    public void Queueing_selecting_and_handing_tasks_to_freed_agents_allocates_nothing_in_steady_state()
    {
        var ctx = new EngineContext(new RoutingModel(Config), new EngineOptions());
        var router = new RouterModule(ctx);
        var data = new TaskData { ContactId = Guid.NewGuid(), FeedId = 1, Name = "n", Title = "t", ScriptSelector = "S" };
        var now = new DateTimeOffset(2024, 1, 30, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        ctx.Now = now;
        for (var a = 0; a < 8; a++) Deliver(ctx, router, AgentUpdate(100 + a, 0));

        // Eight agents busy, a backlog of 50; then each round one task arrives and one agent frees up
        // and takes the head of its queues.
        var task = 0;
        var held = new Queue<(int Task, int Agent)>();
        void Round()
        {
            ctx.Now++;
            ctx.BeginBatch();
            Deliver(ctx, router, new FlowEvent { Message = MessageType.NEW_CALL, From = Module.MediaRouting, To = Module.Router, Task = ++task, DialogueId = task, ScriptSelector = "S", Data = data });
            TakePreCalls(ctx, held);
            if (held.Count > 0 && router.QueuedCount(0) > 50)
            {
                var (done, agent) = held.Dequeue();
                ctx.BeginBatch();
                Deliver(ctx, router, AgentUpdate(agent, done));
                TakePreCalls(ctx, held);
            }
        }

        // Long enough for the runtime to have compiled the hot path to its last tier (counted after a
        // delay, in the background): a method tiering up inside the measured rounds can allocate there.
        for (var i = 0; i < 100_000; i++) Round();
        Assert.Equal(50, router.QueuedCount(0));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20_000; i++) Round();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Null(router.CheckConsistency());
    }

    private static FlowEvent AgentUpdate(int agent, int releasedTask) => new()
    {
        Message = MessageType.AGENT_UPDATE, From = Module.AgentPeripheral, To = Module.Router, AgentId = agent, MrdId = 1,
        AgentState = AgentState.NOT_ACTIVE, Availability = AgentAvailability.IcmAvailable, MaxTaskLimit = 1, Task = releasedTask,
    };

    private static void Deliver(EngineContext ctx, RouterModule router, FlowEvent e) => router.Handle(in e);

    private static void TakePreCalls(EngineContext ctx, Queue<(int, int)> held)
    {
        foreach (var e in ctx.Events)
            if (e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND) held.Enqueue((e.Task, e.AgentId));
    }
}
