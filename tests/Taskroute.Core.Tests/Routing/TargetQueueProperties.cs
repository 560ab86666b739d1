using CsCheck;
using Taskroute.Core.Modules.Router;

namespace Taskroute.Core.Tests.Routing;

public class TargetQueueProperties
{
    [Fact]
    public void A_tasks_place_counts_every_task_of_higher_priority_and_those_before_it_in_its_own() =>
        Gen.Select(Gen.Int[1, 10], Gen.Long[0, 1_000]).List[0, 60].Select(Gen.Int[0, 30]).Sample((joins, leaving) =>
        {
            var queue = new TargetQueue();
            var entries = new List<QueueEntry>();
            foreach (var (priority, orderKey) in joins)
            {
                var entry = new QueueEntry { Call = new RouterCall { OrderKey = orderKey } };
                queue.Insert(entry, priority);
                entries.Add(entry);
            }
            foreach (var gone in entries.Where((_, i) => i % 3 == leaving % 3).ToList())
            {
                queue.Remove(gone);
                entries.Remove(gone);
            }

            // The order an agent takes them in: each priority's list from its head, highest priority first.
            var order = new List<QueueEntry>();
            for (var bucket = 0; bucket < 10; bucket++)
                for (var entry = queue.BucketHead(bucket); entry is not null; entry = entry.Next) order.Add(entry);
            Assert.Equal(entries.Count, order.Count);
            Assert.Null(queue.CheckCounts());
            for (var place = 0; place < order.Count; place++) Assert.Equal(place, queue.Ahead(order[place]));
        });
}
