using Taskroute.Core.Engine;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Modules.MediaRouting;

/// <summary>
/// The MR PG: numbers each application request as a dialogue, turns NEW_TASK into the router's
/// NEW_CALL, and turns the router's answer (CONNECT, or the end of routing) into DO_THIS_WITH_TASK
/// or a failure for the application. A dialogue lives while the router holds the task.
/// </summary>
internal sealed partial class MediaRoutingModule(EngineContext ctx)
{
    private readonly SequenceMap<Dialogue> _dialogues = new();
    private readonly Stack<Dialogue> _pool = new();
    private int _lastDialogueId;

    public int OpenDialogues => _dialogues.Count;

    public void Handle(in FlowEvent e)
    {
        switch (e.Message)
        {
            case MessageType.NEW_TASK:
                OnNewTask(in e);
                break;
            case MessageType.CANCEL_TASK:
                if (_dialogues.TryGetValue(e.Task, out var cancelled))
                    ctx.Send(new FlowEvent
                    {
                        Time = ctx.Now, Message = MessageType.RELEASE_CALL, From = Module.MediaRouting, To = Module.Router,
                        Task = e.Task, ContactId = e.ContactId, DialogueId = cancelled.DialogueId, Text = "cancelled by the application",
                    });
                break;
            case MessageType.QUEUED_TASK_EVENT:
                OnQueued(in e);
                break;
            case MessageType.CONNECT:
                OnConnect(in e);
                break;
            case MessageType.ROUTE_END:
                OnRouteEnd(in e);
                break;
        }
    }

    private void OnNewTask(in FlowEvent e)
    {
        var dialogue = Open(++_lastDialogueId, e.Task, e.ContactId);
        dialogue.SendSeqNo = 1;
        ctx.Send(new FlowEvent
        {
            Time = ctx.Now, Message = MessageType.NEW_CALL, From = Module.MediaRouting, To = Module.Router,
            Task = e.Task, ContactId = e.ContactId, DialogueId = dialogue.DialogueId, ScriptSelector = e.ScriptSelector,
            Priority = e.Priority, Data = e.Data,
        });
    }

    private void OnQueued(in FlowEvent e)
    {
        // A task the router takes back (ring no answer) reopens its dialogue.
        if (!_dialogues.TryGetValue(e.Task, out var dialogue)) dialogue = Open(e.DialogueId, e.Task, e.ContactId);
        dialogue.TaskId = e.TaskId;
        ctx.Send(e with { From = Module.MediaRouting, To = Module.Ccp });
    }

    private void OnConnect(in FlowEvent e)
    {
        if (!_dialogues.Remove(e.Task, out var dialogue)) return;
        ctx.Send(new FlowEvent
        {
            Time = ctx.Now, Message = MessageType.DO_THIS_WITH_TASK, From = Module.MediaRouting, To = Module.Ccp,
            Task = e.Task, ContactId = dialogue.Contact, DialogueId = dialogue.DialogueId, TaskId = e.TaskId,
            SkillGroupId = e.SkillGroupId, PrecisionQueueId = e.PrecisionQueueId, AgentId = e.AgentId, MrdId = e.MrdId,
            ScriptSelector = e.ScriptSelector,
        });
        _pool.Push(dialogue);
    }

    private void OnRouteEnd(in FlowEvent e)
    {
        if (!_dialogues.Remove(e.Task, out var dialogue)) return;
        ctx.Send(new FlowEvent
        {
            Time = ctx.Now, Message = MessageType.NEW_TASK_FAILURE_EVENT, From = Module.MediaRouting, To = Module.Ccp,
            Task = e.Task, ContactId = dialogue.Contact, DialogueId = dialogue.DialogueId, TaskId = e.TaskId,
            Disposition = e.Disposition, ContactStatus = e.ContactStatus, Text = e.Text, ScriptSelector = e.ScriptSelector,
        });
        _pool.Push(dialogue);
    }

    private Dialogue Open(int dialogueId, int task, Guid contact)
    {
        var dialogue = _pool.Count > 0 ? _pool.Pop() : new Dialogue();
        dialogue.DialogueId = dialogueId;
        dialogue.Task = task;
        dialogue.Contact = contact;
        dialogue.TaskId = Ids.IcmTaskId.None;
        dialogue.SendSeqNo = 0;
        _dialogues[task] = dialogue;
        return dialogue;
    }
}
