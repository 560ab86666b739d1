using System.Text;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Storage;

/// <summary>
/// A compact binary form of a record's flow events: a bit mask of the fields that are set, then only
/// those, as variable-length integers; a contact id or script selector equal to the previous event's
/// is not repeated. About 25 bytes an event instead of 150 as text, which is what the disk sees on
/// every acknowledged request. Task data is not repeated here: it travels in the record's command.
/// </summary>
public static class FlowEventCodec
{
    [Flags]
    private enum Has : uint
    {
        Task = 1 << 0, Contact = 1 << 1, SameContact = 1 << 2, Dialogue = 1 << 3, TaskId = 1 << 4,
        Selector = 1 << 5, SameSelector = 1 << 6, SkillGroup = 1 << 7, PrecisionQueue = 1 << 8, Agent = 1 << 9,
        Login = 1 << 10, Mrd = 1 << 11, AgentFields = 1 << 12, Routable = 1 << 13, ContactStatus = 1 << 14,
        Disposition = 1 << 15, Priority = 1 << 16, Deadline = 1 << 17, Rule = 1 << 18, Status = 1 << 19,
        Text = 1 << 20, Data = 1 << 21, Actions = 1 << 22,
    }

    // Every field this build writes; a bit past them is a newer build's field, whose bytes this build
    // cannot step over.
    private const Has Known = (Has)((1u << 23) - 1);

    public static byte[] Encode(IReadOnlyList<FlowEvent> events, long recordTime) =>
        events is FlowEvent[] array ? Encode(array.AsSpan(), recordTime) : Encode([.. events], recordTime);

    // Every acknowledged request encodes a record, most on the writer loop: the stream and its writer
    // are kept per thread and only the finished bytes are allocated.
    [ThreadStatic]
    private static BinaryWriter? t_writer;

    public static byte[] Encode(ReadOnlySpan<FlowEvent> events, long recordTime)
    {
        var w = t_writer ??= new BinaryWriter(new MemoryStream(4096), Encoding.UTF8);
        var stream = (MemoryStream)w.BaseStream;
        // A rare huge record is not kept for the thread's life.
        if (stream.Capacity > 1 << 20) w = t_writer = new BinaryWriter(stream = new MemoryStream(4096), Encoding.UTF8);
        stream.SetLength(0);
        w.Write7BitEncodedInt(events.Length);
        Guid previousContact = Guid.Empty;
        string? previousSelector = null;
        foreach (ref readonly var e in events)
        {
            var has = (Has)0;
            if (e.Task != 0) has |= Has.Task;
            if (e.ContactId != Guid.Empty) has |= e.ContactId == previousContact ? Has.SameContact : Has.Contact;
            if (e.DialogueId != 0) has |= Has.Dialogue;
            if (!e.TaskId.IsNone && e.TaskId != default) has |= Has.TaskId;
            if (e.ScriptSelector is not null) has |= e.ScriptSelector == previousSelector ? Has.SameSelector : Has.Selector;
            if (e.SkillGroupId != 0) has |= Has.SkillGroup;
            if (e.PrecisionQueueId != 0) has |= Has.PrecisionQueue;
            if (e.AgentId != 0) has |= Has.Agent;
            if (e.LoginId != 0) has |= Has.Login;
            if (e.MrdId != 0) has |= Has.Mrd;
            if (e.AgentState != 0 || e.ReasonCode != 0 || e.NumTasks != 0 || e.MaxTaskLimit != 0 || e.Availability != 0) has |= Has.AgentFields;
            if (e.Routable) has |= Has.Routable;
            if (e.InterruptAction != 0 || e.DialogLogoutAction != 0) has |= Has.Actions;
            if (e.ContactStatus != ContactStatus.None) has |= Has.ContactStatus;
            if (e.Disposition != Disposition.None) has |= Has.Disposition;
            if (e.Priority != 0) has |= Has.Priority;
            if (e.Deadline != 0) has |= Has.Deadline;
            if (e.Rule != RoutingRule.None) has |= Has.Rule;
            if (e.Status != ArmStatus.Success) has |= Has.Status;
            if (e.Text is not null) has |= Has.Text;
            if (e.Data is not null) has |= Has.Data;

            w.Write((byte)e.Message);
            w.Write((byte)e.From);
            w.Write((byte)e.To);
            w.Write7BitEncodedInt((int)has);
            w.Write7BitEncodedInt64(ZigZag(e.Time - recordTime));
            if (has.HasFlag(Has.Task)) w.Write7BitEncodedInt(e.Task);
            if (has.HasFlag(Has.Contact)) w.Write(e.ContactId.ToByteArray());
            if (has.HasFlag(Has.Dialogue)) w.Write7BitEncodedInt(e.DialogueId);
            if (has.HasFlag(Has.TaskId))
            {
                w.Write7BitEncodedInt(e.TaskId.Day);
                w.Write7BitEncodedInt(e.TaskId.Key);
                w.Write7BitEncodedInt(e.TaskId.Sequence);
            }
            if (has.HasFlag(Has.Selector)) w.Write(e.ScriptSelector!);
            if (has.HasFlag(Has.SkillGroup)) w.Write7BitEncodedInt(e.SkillGroupId);
            if (has.HasFlag(Has.PrecisionQueue)) w.Write7BitEncodedInt(e.PrecisionQueueId);
            if (has.HasFlag(Has.Agent)) w.Write7BitEncodedInt(e.AgentId);
            if (has.HasFlag(Has.Login)) w.Write7BitEncodedInt(e.LoginId);
            if (has.HasFlag(Has.Mrd)) w.Write7BitEncodedInt(e.MrdId);
            if (has.HasFlag(Has.AgentFields))
            {
                w.Write((byte)e.AgentState);
                w.Write7BitEncodedInt(e.ReasonCode);
                w.Write7BitEncodedInt(e.NumTasks);
                w.Write7BitEncodedInt(e.MaxTaskLimit);
                w.Write((byte)e.Availability);
            }
            if (has.HasFlag(Has.Actions))
            {
                w.Write((byte)e.InterruptAction);
                w.Write((byte)e.DialogLogoutAction);
            }
            if (has.HasFlag(Has.ContactStatus)) w.Write((byte)e.ContactStatus);
            if (has.HasFlag(Has.Disposition)) w.Write7BitEncodedInt((int)e.Disposition);
            if (has.HasFlag(Has.Priority)) w.Write7BitEncodedInt(e.Priority);
            if (has.HasFlag(Has.Deadline)) w.Write7BitEncodedInt64(ZigZag(e.Deadline - recordTime));
            if (has.HasFlag(Has.Rule))
            {
                w.Write((byte)e.Rule);
                w.Write7BitEncodedInt(e.Candidates);
            }
            if (has.HasFlag(Has.Status)) w.Write7BitEncodedInt((int)e.Status);
            if (has.HasFlag(Has.Text)) w.Write(e.Text!);
            if (e.ContactId != Guid.Empty) previousContact = e.ContactId;
            if (e.ScriptSelector is not null) previousSelector = e.ScriptSelector;
        }
        w.Flush();
        return stream.ToArray();
    }

    // data: the record's submitted task data, attached again to its CREATE_SOCIAL_CONTACT event.
    public static FlowEvent[] Decode(byte[] bytes, long recordTime, TaskData? data)
    {
        using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var events = new FlowEvent[r.Read7BitEncodedInt()];
        Guid previousContact = Guid.Empty;
        string? previousSelector = null;
        for (var i = 0; i < events.Length; i++)
        {
            var message = (MessageType)r.ReadByte();
            var from = (Module)r.ReadByte();
            var to = (Module)r.ReadByte();
            var has = (Has)r.Read7BitEncodedInt();
            if ((has & ~Known) != 0) throw new UnknownEventException($"event field {System.Numerics.BitOperations.TrailingZeroCount((uint)(has & ~Known))}");
            if (!Enum.IsDefined(message)) throw new UnknownEventException($"event message {(byte)message}");
            var time = recordTime + UnZigZag(r.Read7BitEncodedInt64());
            var task = has.HasFlag(Has.Task) ? r.Read7BitEncodedInt() : 0;
            var contact = has.HasFlag(Has.Contact) ? new Guid(r.ReadBytes(16)) : has.HasFlag(Has.SameContact) ? previousContact : Guid.Empty;
            var dialogue = has.HasFlag(Has.Dialogue) ? r.Read7BitEncodedInt() : 0;
            var taskId = has.HasFlag(Has.TaskId) ? new IcmTaskId(r.Read7BitEncodedInt(), r.Read7BitEncodedInt(), r.Read7BitEncodedInt()) : IcmTaskId.None;
            var selector = has.HasFlag(Has.Selector) ? r.ReadString() : has.HasFlag(Has.SameSelector) ? previousSelector : null;
            var skillGroup = has.HasFlag(Has.SkillGroup) ? r.Read7BitEncodedInt() : 0;
            var pq = has.HasFlag(Has.PrecisionQueue) ? r.Read7BitEncodedInt() : 0;
            var agent = has.HasFlag(Has.Agent) ? r.Read7BitEncodedInt() : 0;
            var login = has.HasFlag(Has.Login) ? r.Read7BitEncodedInt() : 0;
            var mrd = has.HasFlag(Has.Mrd) ? r.Read7BitEncodedInt() : 0;
            AgentState state = 0;
            int reason = 0, numTasks = 0, max = 0;
            AgentAvailability availability = 0;
            if (has.HasFlag(Has.AgentFields))
            {
                state = (AgentState)r.ReadByte();
                reason = r.Read7BitEncodedInt();
                numTasks = r.Read7BitEncodedInt();
                max = r.Read7BitEncodedInt();
                availability = (AgentAvailability)r.ReadByte();
            }
            InterruptAction interrupt = 0;
            DialogLogoutAction logout = 0;
            if (has.HasFlag(Has.Actions))
            {
                interrupt = (InterruptAction)r.ReadByte();
                logout = (DialogLogoutAction)r.ReadByte();
            }
            var contactStatus = has.HasFlag(Has.ContactStatus) ? (ContactStatus)r.ReadByte() : ContactStatus.None;
            var disposition = has.HasFlag(Has.Disposition) ? (Disposition)r.Read7BitEncodedInt() : Disposition.None;
            var priority = has.HasFlag(Has.Priority) ? r.Read7BitEncodedInt() : 0;
            var deadline = has.HasFlag(Has.Deadline) ? recordTime + UnZigZag(r.Read7BitEncodedInt64()) : 0;
            RoutingRule rule = 0;
            var candidates = 0;
            if (has.HasFlag(Has.Rule))
            {
                rule = (RoutingRule)r.ReadByte();
                candidates = r.Read7BitEncodedInt();
            }
            var status = has.HasFlag(Has.Status) ? (ArmStatus)r.Read7BitEncodedInt() : ArmStatus.Success;
            var text = has.HasFlag(Has.Text) ? r.ReadString() : null;
            events[i] = new FlowEvent
            {
                Time = time, Message = message, From = from, To = to, Task = task, ContactId = contact, DialogueId = dialogue,
                TaskId = taskId, ScriptSelector = selector, SkillGroupId = skillGroup, PrecisionQueueId = pq, AgentId = agent,
                LoginId = login, MrdId = mrd, AgentState = state, ReasonCode = reason, NumTasks = numTasks, MaxTaskLimit = max,
                Routable = has.HasFlag(Has.Routable), Availability = availability, InterruptAction = interrupt, DialogLogoutAction = logout,
                ContactStatus = contactStatus, Disposition = disposition, Priority = priority, Deadline = deadline, Rule = rule,
                Candidates = candidates, Status = status, Text = text,
                // Only the submission's own event is sure to carry the record's command's data.
                Data = has.HasFlag(Has.Data) && message == MessageType.CREATE_SOCIAL_CONTACT ? data : null,
            };
            if (contact != Guid.Empty) previousContact = contact;
            if (selector is not null) previousSelector = selector;
        }
        return events;
    }

    private static long ZigZag(long value) => (value << 1) ^ (value >> 63);

    private static long UnZigZag(long value) => (long)((ulong)value >> 1) ^ -(value & 1);
}
