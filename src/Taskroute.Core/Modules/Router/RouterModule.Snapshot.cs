using System.Runtime.CompilerServices;
using Taskroute.Core.Engine;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Modules.Router;

/// <summary>
/// The router in a snapshot: its numbering, its view of every agent, every target's available agents
/// and queues in their exact order, and every call with its place in its script. Script positions
/// point into the configuration's node lists, so they are written as the lists' and nodes' numbers
/// in a walk of the script selectors.
/// </summary>
internal sealed partial class RouterModule
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(SnapshotWriter w)
    {
        var scripts = new ScriptShape(_model.Config.ScriptSelectors);
        w.Int(_day);
        w.Int(_nextKey);
        w.Long(_orderSequence);
        w.Long(_headSequence);
        w.Long(_availableSequence);
        w.Int(_queuedPerMrd.Length);
        foreach (var q in _queuedPerMrd) w.Int(q);

        w.Int(_agents.Length);
        foreach (var agent in _agents)
        {
            foreach (var am in agent.Mrds)
            {
                w.Bool(am.LoggedIn);
                w.Bool(am.Eligible);
                w.Int(am.MaxTaskLimit);
                w.Int(am.NumTasks);
                w.Long(am.AvailableOrder);
            }
        }

        w.Int(_calls.Count);
        foreach (var call in _calls.Values)
        {
            w.Int(call.Task);
            w.Guid(call.Contact);
            w.Int(call.DialogueId);
            w.Data(call.Data);
            w.TaskId(call.TaskId);
            w.String(call.Selector?.Name);
            w.Int(call.MrdIndex);
            w.Long(call.OrderKey);
            w.Long(call.ArrivedAt);
            w.Bool(call.EverQueued);
            w.Bool(call.Queued);
            w.Long(call.QueuedSince);
            w.Long(call.QueuedMillis);
            w.Long(call.InLineSince);
            w.Bool(call.Delivered);
            w.Int(call.RequeueCount);
            w.Int(call.Entries.Count);
            foreach (var entry in call.Entries)
            {
                w.Int(entry.Target.Index);
                w.Int(entry.Bucket);
            }
            w.Int((int)call.Selection);
            w.Int(call.RaisePriorityEverySeconds);
            w.Int(call.Frames.Count);
            foreach (var frame in call.Frames)
            {
                w.Int(scripts.ListNumber(frame.Nodes));
                w.Int(frame.Index);
            }
            w.Int(call.Waiting is null ? -1 : scripts.NodeNumber(call.Waiting));
            w.Int(call.Walks.Count);
            foreach (var walk in call.Walks)
            {
                w.Int(walk.Queue.Id);
                w.Int(walk.Step);
                w.Int(walk.Priority);
                w.Long(walk.StepTimer);
                w.Long(walk.StepDeadline);
            }
            w.Long(call.WaitTimer);
            w.Long(call.PriorityTimer);
            w.Long(call.MaxQueueTimer);
            w.Long(call.LifeTimer);
            w.Long(call.LifeDeadline);
        }

        w.Int(_targets.Length);
        foreach (var target in _targets)
        {
            w.Int(target.LoggedOn);
            w.Int(target.RoundRobinCursor);
            w.Int(target.Available.Count);
            for (var link = target.Available.Head; link is not null; link = link.Next) w.Int(link.Agent.Index);
            for (var b = 0; b < 10; b++)
            {
                var n = 0;
                for (var e = target.Queue.BucketHead(b); e is not null; e = e.Next) n++;
                w.Int(n);
                for (var e = target.Queue.BucketHead(b); e is not null; e = e.Next) w.Int(e.Call.Task);
            }
        }

        // Node numbers in a fixed order, so the same credits give the same bytes.
        var credits = _percentCredit.Select(p => (Node: scripts.NodeNumber(p.Key), Credit: p.Value)).OrderBy(p => p.Node).ToArray();
        w.Int(credits.Length);
        foreach (var (node, credit) in credits)
        {
            w.Int(node);
            w.Int(credit.Length);
            foreach (var c in credit) w.Int(c);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read(SnapshotReader r)
    {
        var scripts = new ScriptShape(_model.Config.ScriptSelectors);
        _day = r.Int();
        _nextKey = r.Int();
        _orderSequence = r.Long();
        _headSequence = r.Long();
        _availableSequence = r.Long();
        if (r.Int() != _queuedPerMrd.Length) throw new SnapshotException("the router's MRDs differ in number");
        for (var m = 0; m < _queuedPerMrd.Length; m++) _queuedPerMrd[m] = r.Int();

        if (r.Int() != _agents.Length) throw new SnapshotException("the router's agents differ in number");
        foreach (var agent in _agents)
        {
            foreach (var am in agent.Mrds)
            {
                am.LoggedIn = r.Bool();
                am.Eligible = r.Bool();
                am.MaxTaskLimit = r.Int();
                am.NumTasks = r.Int();
                am.AvailableOrder = r.Long();
            }
        }

        var calls = r.Count(16);
        for (var i = 0; i < calls; i++)
        {
            var call = new RouterCall
            {
                Task = r.Int(), Contact = r.Guid(), DialogueId = r.Int(), Data = r.RequiredData(), TaskId = r.TaskId(),
            };
            var selector = r.String();
            if (selector is not null)
                call.Selector = _model.Selectors.TryGetValue(selector, out var s) ? s : throw new SnapshotException($"no script selector '{selector}'");
            call.MrdIndex = r.Index(_model.Mrds.Length);
            call.OrderKey = r.Long();
            call.ArrivedAt = r.Long();
            call.EverQueued = r.Bool();
            call.Queued = r.Bool();
            call.QueuedSince = r.Long();
            call.QueuedMillis = r.Long();
            call.InLineSince = r.Long();
            call.Delivered = r.Bool();
            call.RequeueCount = r.Int();
            var entries = r.Count();
            for (var e = 0; e < entries; e++)
            {
                var target = _targets[r.Index(_targets.Length)];
                var bucket = r.Int();
                if ((uint)bucket >= 10) throw new SnapshotException($"queue bucket {bucket}");
                call.Entries.Add(new QueueEntry { Call = call, Target = target, Bucket = bucket });
            }
            call.Selection = r.Enum<AgentSelection>();
            call.RaisePriorityEverySeconds = r.Int();
            var frames = r.Count();
            for (var f = 0; f < frames; f++) call.Frames.Add(new ScriptFrame(scripts.List(r.Int()), r.Int()));
            var waiting = r.Int();
            call.Waiting = waiting < 0 ? null : scripts.Node(waiting) as WaitNode ?? throw new SnapshotException($"script node {waiting} is not a wait");
            var walks = r.Count();
            for (var p = 0; p < walks; p++)
            {
                var pq = r.Int();
                var queue = _model.PrecisionQueues.TryGetValue(pq, out var q) ? q : throw new SnapshotException($"no precision queue {pq}");
                call.Walks.Add(new PrecisionQueueWalk { Queue = queue, Step = r.Int(), Priority = r.Int(), StepTimer = r.Long(), StepDeadline = r.Long() });
            }
            call.WaitTimer = r.Long();
            call.PriorityTimer = r.Long();
            call.MaxQueueTimer = r.Long();
            call.LifeTimer = r.Long();
            call.LifeDeadline = r.Long();
            if (call.Task < 0 || _calls.ContainsKey(call.Task)) throw new SnapshotException($"call {call.Task} is bad or twice");
            _calls[call.Task] = call;
        }

        if (r.Int() != _targets.Length) throw new SnapshotException("the router's targets differ in number");
        foreach (var target in _targets)
        {
            target.LoggedOn = r.Int();
            target.RoundRobinCursor = r.Int();
            var available = r.Count();
            for (var i = 0; i < available; i++)
            {
                var agent = _agents[r.Index(_agents.Length)];
                var link = Array.Find(agent.Mrds[target.MrdIndex].Links, l => l.Target == target)
                    ?? throw new SnapshotException($"agent {agent.AgentId} is not a member of target {target.Index}");
                target.Available.Append(link);
            }
            for (var b = 0; b < 10; b++)
            {
                var n = r.Count();
                for (var i = 0; i < n; i++)
                {
                    var task = r.Int();
                    var call = _calls.Get(task) ?? throw new SnapshotException($"queued task {task} has no call");
                    var entry = call.Entries.Find(e => e.Target == target) ?? throw new SnapshotException($"task {task} has no entry for target {target.Index}");
                    if (entry.Bucket != b) throw new SnapshotException($"task {task} is in bucket {b} but says {entry.Bucket}");
                    target.Queue.Restore(entry);
                }
            }
        }

        var credits = r.Count();
        for (var i = 0; i < credits; i++)
        {
            var node = scripts.Node(r.Int()) as PercentNode ?? throw new SnapshotException("a percent credit names another node");
            var credit = new int[r.Count()];
            if (credit.Length != node.Branches.Count) throw new SnapshotException("percent credits differ from the node's branches");
            for (var c = 0; c < credit.Length; c++) credit[c] = r.Int();
            _percentCredit[node] = credit;
        }
    }
}
