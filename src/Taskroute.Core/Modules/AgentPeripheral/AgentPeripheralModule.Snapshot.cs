using System.Runtime.CompilerServices;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Modules.AgentPeripheral;

/// <summary>
/// The Agent PG's agents per MRD and the tasks they hold, in a snapshot. Each agent's tasks are kept
/// in their list order: a sign-out walks that list, so the order decides the order of its events.
/// What was last published is kept too, since only changes are published.
/// </summary>
internal sealed partial class AgentPeripheralModule
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(SnapshotWriter w)
    {
        w.Int(_agents.Length);
        w.Int(_ctx.Model.Mrds.Length);
        foreach (var agent in _agents)
        {
            foreach (var am in agent.Mrds)
            {
                w.Bool(am.LoggedIn);
                w.Bool(am.Ready);
                w.Int(am.ReasonCode);
                w.Bool(am.Routable);
                w.Int(am.MaxTaskLimit);
                w.Int((int)am.InterruptAction);
                w.Int((int)am.DialogLogoutAction);
                w.Long(am.StateChangedAt);
                w.Bool(am.Published);
                w.Int((int)am.PublishedState);
                w.Int(am.PublishedReason);
                w.Int(am.PublishedNumTasks);
                w.Int(am.PublishedMax);
                w.Bool(am.PublishedRoutable);
                w.Int((int)am.PublishedAvailability);
                w.Bool(am.RouterLoggedIn);
                w.Int((int)am.RouterEligibility);
                w.Int(am.RouterMax);
                w.Int(am.Tasks.Count);
                foreach (var t in am.Tasks)
                {
                    w.Int(t.Task);
                    w.Guid(t.Contact);
                    w.Int(t.DialogueId);
                    w.TaskId(t.TaskId);
                    w.Data(t.Data);
                    w.String(t.ScriptSelector);
                    w.Int(t.SkillGroupId);
                    w.Int(t.PrecisionQueueId);
                    w.Int((int)t.State);
                    w.Long(t.ReservedAt);
                    w.Long(t.StartedAt);
                    w.Long(t.StartTimer);
                    w.Long(t.LifeTimer);
                    w.Long(t.DurationTimer);
                    w.Long(t.LifeDeadline);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read(SnapshotReader r)
    {
        if (r.Int() != _agents.Length || r.Int() != _ctx.Model.Mrds.Length) throw new SnapshotException("the peripheral's agents or MRDs differ in number");
        foreach (var agent in _agents)
        {
            for (var m = 0; m < agent.Mrds.Length; m++)
            {
                var am = agent.Mrds[m];
                am.LoggedIn = r.Bool();
                am.Ready = r.Bool();
                am.ReasonCode = r.Int();
                am.Routable = r.Bool();
                am.MaxTaskLimit = r.Int();
                am.InterruptAction = r.Enum<InterruptAction>();
                am.DialogLogoutAction = r.Enum<DialogLogoutAction>();
                am.StateChangedAt = r.Long();
                am.Published = r.Bool();
                am.PublishedState = r.Enum<AgentState>();
                am.PublishedReason = r.Int();
                am.PublishedNumTasks = r.Int();
                am.PublishedMax = r.Int();
                am.PublishedRoutable = r.Bool();
                am.PublishedAvailability = r.Enum<AgentAvailability>();
                am.RouterLoggedIn = r.Bool();
                am.RouterEligibility = r.Enum<AgentAvailability>();
                am.RouterMax = r.Int();
                var count = r.Count(16);
                for (var i = 0; i < count; i++)
                {
                    var t = new AgentTask
                    {
                        Task = r.Int(), Contact = r.Guid(), DialogueId = r.Int(), TaskId = r.TaskId(), Data = r.RequiredData(),
                        ScriptSelector = r.RequiredString(), SkillGroupId = r.Int(), PrecisionQueueId = r.Int(), State = r.Enum<TaskState>(),
                        ReservedAt = r.Long(), StartedAt = r.Long(), StartTimer = r.Long(), LifeTimer = r.Long(), DurationTimer = r.Long(),
                        LifeDeadline = r.Long(), AgentIndex = agent.Index, MrdIndex = m,
                    };
                    if (t.Task < 0 || _tasks.ContainsKey(t.Task)) throw new SnapshotException($"task {t.Task} is bad or held twice");
                    _tasks[t.Task] = t;
                    am.Tasks.Add(t);
                }
            }
        }
    }
}
