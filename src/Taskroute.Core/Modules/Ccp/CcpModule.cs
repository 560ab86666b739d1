using Taskroute.Core.Engine;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Modules.Ccp;

/// <summary>
/// CCP (SocialMiner): owns the SocialContacts. It creates a contact from the Task API, hands it to
/// the MR PG as NEW_TASK, follows its status (unread, queued, reserved, handled, discarded), starts
/// the follow-up task of a transfer, and closes the contact when the desktop says the task ended.
/// </summary>
internal sealed partial class CcpModule(EngineContext ctx)
{
    private readonly Dictionary<Guid, SocialContact> _contacts = [];

    // Messages carry the task number; this finds a live contact without hashing its id.
    private readonly SequenceMap<SocialContact> _byTask = new();
    private readonly Queue<(long Deadline, Guid Contact)> _retention = new();
    private int _lastTask;

    public int LastTask => _lastTask;

    public SocialContact? Find(Guid id) => _contacts.GetValueOrDefault(id);

    public IEnumerable<SocialContact> Contacts => _contacts.Values;

    public int Count => _contacts.Count;

    /// <summary>Checks a submission before anything is sent, so a refused request leaves no trace.</summary>
    public ArmStatus ValidateSubmit(TaskData data, out string? detail)
    {
        detail = data.Validate();
        if (detail is not null) return ArmStatus.InvalidArgument;
        if (!ctx.Model.Feeds.ContainsKey(data.FeedId))
        {
            detail = $"no task feed {data.FeedId}";
            return ArmStatus.TaskFeedNotFound;
        }
        if (data.ContactId == Guid.Empty)
        {
            detail = "contact id: required";
            return ArmStatus.InvalidArgument;
        }
        if (_contacts.ContainsKey(data.ContactId))
        {
            detail = $"contact {data.ContactId:D} exists already";
            return ArmStatus.DuplicateContact;
        }
        return ArmStatus.Success;
    }

    public ArmStatus ValidateCancel(Guid contactId, out string? detail)
    {
        detail = null;
        if (!_contacts.TryGetValue(contactId, out var contact))
        {
            detail = $"no contact {contactId:D}";
            return ArmStatus.ContactNotFound;
        }
        if (contact.Status is not (ContactStatus.Unread or ContactStatus.Queued))
        {
            detail = $"contact {contactId:D} is {contact.Status.ToString().ToLowerInvariant()}: only an unread or queued task can be cancelled";
            return ArmStatus.ContactNotCancellable;
        }
        return ArmStatus.Success;
    }

    public void Handle(in FlowEvent e)
    {
        switch (e.Message)
        {
            case MessageType.CREATE_SOCIAL_CONTACT:
                Create(e.Data!);
                break;
            case MessageType.DELETE_SOCIAL_CONTACT:
                Cancel(e.ContactId);
                break;
            case MessageType.QUEUED_TASK_EVENT:
                OnQueued(in e);
                break;
            case MessageType.DO_THIS_WITH_TASK:
                OnDoThisWithTask(in e);
                break;
            case MessageType.NEW_TASK_FAILURE_EVENT:
                OnFailure(in e);
                break;
            case MessageType.CLOSE_TASK:
                OnClose(in e);
                break;
        }
    }

    public void ExpireRetained(long now)
    {
        while (_retention.TryPeek(out var head) && head.Deadline <= now)
        {
            _retention.Dequeue();
            if (_contacts.TryGetValue(head.Contact, out var c) && c.IsFinished) _contacts.Remove(head.Contact);
        }
    }

    private void Create(TaskData data)
    {
        var contact = new SocialContact
        {
            Id = data.ContactId,
            Data = data,
            CreatedAt = ctx.Now,
            Status = ContactStatus.Unread,
            StatusChangedAt = ctx.Now,
            Task = ++_lastTask,
        };
        _contacts.Add(contact.Id, contact);
        _byTask[contact.Task] = contact;
        ctx.Send(new FlowEvent
        {
            Time = ctx.Now, Message = MessageType.SOCIAL_CONTACT_CREATED, From = Module.Ccp, To = Module.Application,
            Task = contact.Task, ContactId = contact.Id, ContactStatus = ContactStatus.Unread, ScriptSelector = data.ScriptSelector,
        });
        SendNewTask(contact);
    }

    private void SendNewTask(SocialContact contact)
    {
        ctx.Send(new FlowEvent
        {
            Time = ctx.Now, Message = MessageType.NEW_TASK, From = Module.Ccp, To = Module.MediaRouting,
            Task = contact.Task, ContactId = contact.Id, ScriptSelector = contact.Data.ScriptSelector,
            Priority = contact.Data.Priority, Data = contact.Data,
        });
        // CCP counts a contact as queued once the contact center has it.
        SetStatus(contact, ContactStatus.Queued, contact.Data.PreviousTask.IsNone ? null : "TRANSFERRED");
    }

    private void Cancel(Guid id)
    {
        var contact = _contacts[id];
        ctx.Send(new FlowEvent
        {
            Time = ctx.Now, Message = MessageType.CANCEL_TASK, From = Module.Ccp, To = Module.MediaRouting,
            Task = contact.Task, ContactId = contact.Id,
        });
    }

    private void OnQueued(in FlowEvent e)
    {
        if (_byTask.Get(e.Task) is not { } contact) return;
        contact.TaskId = e.TaskId;
        if (contact.Status != ContactStatus.Queued) SetStatus(contact, ContactStatus.Queued, e.Text);
    }

    private void OnDoThisWithTask(in FlowEvent e)
    {
        if (_byTask.Get(e.Task) is not { } contact) return;
        contact.TaskId = e.TaskId;
        contact.AgentId = e.AgentId;
        SetStatus(contact, ContactStatus.Reserved, null);
    }

    private void OnFailure(in FlowEvent e)
    {
        if (_byTask.Get(e.Task) is not { } contact) return;
        contact.Disposition = e.Disposition;
        if (!e.TaskId.IsNone) contact.TaskId = e.TaskId;
        SetStatus(contact, e.ContactStatus == ContactStatus.Cancelled ? ContactStatus.Cancelled : ContactStatus.Discarded, e.Text);
    }

    private void OnClose(in FlowEvent e)
    {
        if (_byTask.Get(e.Task) is not { } contact) return;
        contact.Disposition = e.Disposition;
        if (e.Disposition is Disposition.TaskTransferred or Disposition.TaskTransferredOnAgentLogout && e.ScriptSelector is { } target)
        {
            // A blind transfer: the same contact is routed again as a new task that names the old one.
            contact.Data = contact.Data.ForTransfer(target, e.TaskId);
            _byTask.Remove(contact.Task);
            contact.Task = ++_lastTask;
            _byTask[contact.Task] = contact;
            contact.TaskId = Ids.IcmTaskId.None;
            contact.AgentId = 0;
            SendNewTask(contact);
            return;
        }
        SetStatus(contact, e.ContactStatus == ContactStatus.Handled ? ContactStatus.Handled : ContactStatus.Discarded, e.Text);
    }

    private void SetStatus(SocialContact contact, ContactStatus status, string? reason)
    {
        contact.Status = status;
        contact.StatusReason = reason;
        contact.StatusChangedAt = ctx.Now;
        ctx.Send(new FlowEvent
        {
            Time = ctx.Now, Message = MessageType.SOCIAL_CONTACT_UPDATED, From = Module.Ccp, To = Module.Application,
            Task = contact.Task, ContactId = contact.Id, TaskId = contact.TaskId, AgentId = contact.AgentId,
            ContactStatus = status, Disposition = contact.IsFinished ? contact.Disposition : Disposition.None, Text = reason,
        });
        if (contact.IsFinished)
        {
            _byTask.Remove(contact.Task);
            _retention.Enqueue((ctx.Now + ctx.Options.ContactRetentionSeconds * 1000L, contact.Id));
        }
    }
}
