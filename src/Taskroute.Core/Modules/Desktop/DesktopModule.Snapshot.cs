using System.Runtime.CompilerServices;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Modules.Desktop;

/// <summary>What the desktop shows, in a snapshot: each agent's media states and its dialogs in the order it got them.</summary>
internal sealed partial class DesktopModule
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(SnapshotWriter w)
    {
        w.Int(_media.Length);
        w.Int(_ctx.Model.Mrds.Length);
        for (var a = 0; a < _media.Length; a++)
        {
            foreach (var media in _media[a])
            {
                w.Int((int)media.State);
                w.Int(media.ReasonCode);
                w.Int(media.NumTasks);
                w.Int(media.MaxTaskLimit);
                w.Bool(media.Routable);
                w.Int((int)media.Availability);
                w.Long(media.StateChangedAt);
                w.Bool(media.PendingState is not null);
                w.Int(media.PendingReasonCode);
            }
            w.Int(_agentDialogs[a].Count);
            foreach (var d in _agentDialogs[a])
            {
                w.Int(d.Task);
                w.Guid(d.ContactId);
                w.Int(d.DialogueId);
                w.TaskId(d.TaskId);
                w.Int(d.AgentId);
                w.Int(d.LoginId);
                w.Int(d.MrdId);
                w.Int(d.SkillGroupId);
                w.Int(d.PrecisionQueueId);
                w.Int((int)d.State);
                w.Data(d.Data);
                w.Long(d.OfferedAt);
                w.Long(d.StateChangedAt);
                w.Int(d.MrdIndex);
                w.String(d.TransferTo);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read(SnapshotReader r)
    {
        if (r.Int() != _media.Length || r.Int() != _ctx.Model.Mrds.Length) throw new SnapshotException("the desktop's agents or MRDs differ in number");
        for (var a = 0; a < _media.Length; a++)
        {
            foreach (var media in _media[a])
            {
                media.State = r.Enum<AgentState>();
                media.ReasonCode = r.Int();
                media.NumTasks = r.Int();
                media.MaxTaskLimit = r.Int();
                media.Routable = r.Bool();
                media.Availability = r.Enum<AgentAvailability>();
                media.StateChangedAt = r.Long();
                media.PendingState = r.Bool() ? AgentState.NOT_READY : null;
                media.PendingReasonCode = r.Int();
            }
            var count = r.Count(16);
            for (var i = 0; i < count; i++)
            {
                var d = new Dialog
                {
                    Task = r.Int(), ContactId = r.Guid(), DialogueId = r.Int(), TaskId = r.TaskId(), AgentId = r.Int(), LoginId = r.Int(),
                    MrdId = r.Int(), SkillGroupId = r.Int(), PrecisionQueueId = r.Int(), State = r.Enum<DialogState>(), Data = r.RequiredData(),
                    OfferedAt = r.Long(), StateChangedAt = r.Long(), MrdIndex = r.Index(_ctx.Model.Mrds.Length), TransferTo = r.String(), AgentIndex = a,
                };
                if (d.Task < 0) throw new SnapshotException($"dialog task {d.Task}");
                _dialogs[d.Task] = d;
                _dialogsById[d.TaskId] = d;
                _agentDialogs[a].Add(d);
            }
        }
    }
}
