using Taskroute.Core.Flow;

namespace Taskroute.Storage;

/// <summary>A journal entry flattened into the values the adapters write.</summary>
internal readonly struct JournalRow
{
    public JournalRow(long sequence, in JournalEntry entry)
    {
        var e = entry.Event;
        Sequence = sequence;
        Time = e.Time;
        Message = e.Message.ToString();
        Sender = e.From.ToString();
        Receiver = e.To.ToString();
        Task = e.Task == 0 ? null : e.Task;
        Contact = e.ContactId == Guid.Empty ? null : e.ContactId.ToString("D");
        Dialogue = e.DialogueId == 0 ? null : e.DialogueId;
        TaskId = e.TaskId.IsNone || e.TaskId == default ? null : e.TaskId.ToString();
        Agent = e.AgentId == 0 ? null : e.AgentId;
        Mrd = e.MrdId == 0 ? null : e.MrdId;
        SkillGroup = e.SkillGroupId == 0 ? null : e.SkillGroupId;
        Line = FlowEventFormatter.Format(e);
        Command = entry.Command is null ? null : CommandCodec.Encode(entry.Command);
        IdempotencyKey = entry.IdempotencyKey;
    }

    public long Sequence { get; }
    public long Time { get; }
    public string Message { get; }
    public string Sender { get; }
    public string Receiver { get; }
    public int? Task { get; }
    public string? Contact { get; }
    public int? Dialogue { get; }
    public string? TaskId { get; }
    public int? Agent { get; }
    public int? Mrd { get; }
    public int? SkillGroup { get; }
    public string Line { get; }
    public string? Command { get; }
    public string? IdempotencyKey { get; }
}
