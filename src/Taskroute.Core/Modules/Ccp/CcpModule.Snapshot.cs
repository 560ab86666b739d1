using System.Runtime.CompilerServices;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Modules.Ccp;

/// <summary>CCP's contacts, the live ones' task numbers and the retention queue, in a snapshot.</summary>
internal sealed partial class CcpModule
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(SnapshotWriter w)
    {
        w.Int(_lastTask);
        // By task number, not the dictionary's order: the same contacts always give the same bytes.
        // (Task numbers are unique to a contact, live or retained.)
        var contacts = new SocialContact[_contacts.Count];
        var order = new int[contacts.Length];
        var n = 0;
        foreach (var c in _contacts.Values)
        {
            order[n] = c.Task;
            contacts[n++] = c;
        }
        Array.Sort(order, contacts);
        w.Int(contacts.Length);
        foreach (var c in contacts)
        {
            w.Guid(c.Id);
            w.Data(c.Data);
            w.Long(c.CreatedAt);
            w.Int((int)c.Status);
            w.String(c.StatusReason);
            w.Long(c.StatusChangedAt);
            w.Int(c.Task);
            w.TaskId(c.TaskId);
            w.Int(c.AgentId);
            w.Int((int)c.Disposition);
            w.Bool(ReferenceEquals(_byTask.Get(c.Task), c));
        }
        w.Int(_retention.Count);
        foreach (var (deadline, contact) in _retention)
        {
            w.Long(deadline);
            w.Guid(contact);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read(SnapshotReader r)
    {
        _lastTask = r.Int();
        var count = r.Count(16);
        for (var i = 0; i < count; i++)
        {
            var contact = new SocialContact
            {
                Id = r.Guid(),
                Data = r.RequiredData(),
                CreatedAt = r.Long(),
                Status = r.Enum<ContactStatus>(),
                StatusReason = r.String(),
                StatusChangedAt = r.Long(),
                Task = r.Int(),
                TaskId = r.TaskId(),
                AgentId = r.Int(),
                Disposition = r.Enum<Disposition>(),
            };
            if (!_contacts.TryAdd(contact.Id, contact)) throw new SnapshotException($"contact {contact.Id} twice");
            if (r.Bool()) _byTask[contact.Task] = contact;
        }
        var retained = r.Count(16);
        for (var i = 0; i < retained; i++) _retention.Enqueue((r.Long(), r.Guid()));
    }
}
