namespace Taskroute.Storage;

/// <summary>The journal's columns, shared by the adapters: the event's key fields for lookups, its canonical line, and the command it started.</summary>
internal static class JournalSchema
{
    public const string Columns = "seq, time, message, sender, receiver, task, contact, dialogue, task_id, agent, mrd, skill_group, line, command, idempotency_key";
}
