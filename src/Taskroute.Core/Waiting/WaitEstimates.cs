using System.Diagnostics.CodeAnalysis;
using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Waiting;

/// <summary>
/// The estimated wait of queued tasks, as the Task APIs answer it, for whatever runs an engine (a
/// server's writer loop, a cluster's domain grain): service rates fed from the events of each command
/// run live, and each queued contact's estimate made once, as it joins the queue (again if it is put
/// back), as CCE computes a task's estimated wait once and answers that value on every poll. Not
/// journaled: after a restart the rates start empty. A wait that could not be estimated (no queue of
/// the task served anyone lately) is not kept: each poll tries again, so the estimate comes once
/// agents take tasks. Used by one thread at a time.
/// </summary>
public sealed class WaitEstimates
{
    private readonly Dictionary<Guid, int> _kept = [];
    private readonly List<WaitingQueue> _queues = [];
    private RoutingConfiguration _configuration;
    private ServiceRate _mrdRates;
    private QueueServiceRates _queueRates;

    public WaitEstimates(RoutingConfiguration configuration) => Reconfigure(configuration);

    /// <summary>Under a changed configuration the rates start over (a wait is unknown until agents take tasks again); estimates made stay.</summary>
    [MemberNotNull(nameof(_configuration), nameof(_mrdRates), nameof(_queueRates))]
    public void Reconfigure(RoutingConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
        _mrdRates = new ServiceRate(configuration.Mrds.Count);
        _queueRates = new QueueServiceRates(configuration);
    }

    /// <summary>Takes in the events of a command the engine just ran live (not replayed).</summary>
    public void Observe(RoutingEngine engine, ReadOnlySpan<FlowEvent> events)
    {
        ArgumentNullException.ThrowIfNull(engine);
        foreach (ref readonly var e in events)
        {
            // Served is started: a reservation that rings out (RONA) and goes back to the queue served nobody.
            if (e.Message == MessageType.START_TASK_EVENT && e.From == Module.AgentPeripheral)
            {
                _queueRates.Started(in e);
                if (MrdIndex(e.MrdId) is var m and >= 0) _mrdRates.Routed(m, e.Time);
            }
            else if (e.Message == MessageType.QUEUED_TASK_EVENT && e.From == Module.Router)
            {
                Joined(engine, e.ContactId, e.Time);
            }
        }
    }

    /// <summary>A queued contact's estimated wait, in seconds: the one made as it joined the queue, or one made now and kept. Null while none of its queues served anyone in the last five minutes.</summary>
    public int? ForContact(RoutingEngine engine, Guid contact, long now)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (_kept.TryGetValue(contact, out var kept)) return kept;
        var estimate = Estimate(engine, contact, now);
        if (estimate is { } seconds) _kept[contact] = seconds;
        return estimate;
    }

    /// <summary>
    /// The wait of a task queued now on the script selector's MRD: the tasks waiting there over the rate
    /// its agents started tasks in the last five minutes. Null while none were. For a queue overview.
    /// </summary>
    public int? ForSelector(RoutingEngine engine, string scriptSelector, long now)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var selector = _configuration.ScriptSelectors.FirstOrDefault(s => s.Name == scriptSelector);
        if (selector is null || MrdIndex(selector.MrdId) is not (var m and >= 0)) return null;
        return _mrdRates.EstimatedWaitSeconds(m, Math.Max(0, engine.QueuedTasks(selector.MrdId) - 1), now);
    }

    /// <summary>
    /// The wait of a skill group's or precision queue's tasks, as its row in a queue overview shows it,
    /// reckoned as <see cref="ForSelector"/> reckons an MRD's: the tasks waiting there over the rate its
    /// agents started its tasks in the last five minutes; 0 with none waiting and an agent free. Null
    /// while none were started.
    /// </summary>
    public int? ForQueue(in QueueFigures queue, long now)
    {
        if (queue.Queued == 0 && queue.AgentsAvailable > 0) return 0;
        _queues.Clear();
        _queues.Add(new WaitingQueue(queue.SkillGroupId, queue.PrecisionQueueId, Math.Max(0, queue.Queued - 1)));
        return _queueRates.EstimatedWaitSeconds(_queues, now);
    }

    private void Joined(RoutingEngine engine, Guid contact, long time)
    {
        // A task an agent took at once was queued for no time: nothing to keep.
        if (engine.FindContact(contact)?.Status != ContactStatus.Queued) return;
        // Put back in the queue (after a ring-out), the task's wait is made again from its new place.
        if (Estimate(engine, contact, time) is { } seconds) _kept[contact] = seconds;
        else _kept.Remove(contact);
        // Contacts leave the queue in many ways (routed, cancelled, expired); instead of following
        // each, the ones no longer queued are swept out whenever the map outgrows the queues twice.
        if (_kept.Count < 1024 || _kept.Count < 2 * TotalQueued(engine)) return;
        foreach (var (id, _) in _kept)
            if (engine.FindContact(id)?.Status != ContactStatus.Queued) _kept.Remove(id);
        _kept.TrimExcess();
    }

    private int? Estimate(RoutingEngine engine, Guid contact, long time)
    {
        // With no task started anywhere lately there is nothing to estimate from: the router is not asked.
        if (!_queueRates.AnyServedBy(time)) return null;
        _queues.Clear();
        engine.WaitingQueues(contact, _queues);
        return _queueRates.EstimatedWaitSeconds(_queues, time);
    }

    private int TotalQueued(RoutingEngine engine)
    {
        var total = 0;
        foreach (var mrd in _configuration.Mrds) total += engine.QueuedTasks(mrd.Id);
        return total;
    }

    // Over the configuration the rates were sized for, which the engine's may be ahead of for the
    // length of a configuration change.
    private int MrdIndex(int mrdId)
    {
        var mrds = _configuration.Mrds;
        for (var i = 0; i < mrds.Count; i++)
            if (mrds[i].Id == mrdId) return i;
        return -1;
    }
}
