using System.Runtime.CompilerServices;
using Taskroute.Core.Engine.Snapshots;

namespace Taskroute.Core.Modules.MediaRouting;

/// <summary>The MR PG's open dialogues and its dialogue numbering, in a snapshot.</summary>
internal sealed partial class MediaRoutingModule
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(SnapshotWriter w)
    {
        w.Int(_lastDialogueId);
        w.Int(_dialogues.Count);
        foreach (var d in _dialogues.Values)
        {
            w.Int(d.DialogueId);
            w.Int(d.Task);
            w.Guid(d.Contact);
            w.TaskId(d.TaskId);
            w.Int(d.SendSeqNo);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read(SnapshotReader r)
    {
        _lastDialogueId = r.Int();
        var count = r.Count(16);
        for (var i = 0; i < count; i++)
        {
            var d = new Dialogue { DialogueId = r.Int(), Task = r.Int(), Contact = r.Guid(), TaskId = r.TaskId(), SendSeqNo = r.Int() };
            if (d.Task < 0 || _dialogues.ContainsKey(d.Task)) throw new SnapshotException($"dialogue for task {d.Task} is bad or twice");
            _dialogues[d.Task] = d;
        }
    }
}
