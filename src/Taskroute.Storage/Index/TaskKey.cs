using System.Diagnostics.CodeAnalysis;
using Taskroute.Core.Ids;

namespace Taskroute.Storage.Index;

/// <summary>Which of a task's outside ids a <see cref="TaskKey"/> holds.</summary>
public enum TaskKeyKind : byte
{
    /// <summary>CCP's SocialContact id (a GUID).</summary>
    Contact = 1,

    /// <summary>The MR PG's DialogueID.</summary>
    Dialogue = 2,

    /// <summary>The router's task id, RouterCallKeyDay, RouterCallKey and sequence.</summary>
    TaskId = 3,

    /// <summary>
    /// A RouterCallKey without its sequence, as the router's logs print it (<c>CID=(day,key)</c>): a
    /// lookup only, of every task id with that day and key. Never stored.
    /// </summary>
    RouterCallKey = 4,
}

/// <summary>
/// One of the ids a task is known by outside the engine, in the form the journal indexes it: an
/// engineer holding any of them (from a log, a desktop or the Task API) finds the task's records.
/// </summary>
public readonly record struct TaskKey(TaskKeyKind Kind, long Number, Guid Contact)
{
    public static TaskKey ForContact(Guid contact) => new(TaskKeyKind.Contact, 0, contact);

    public static TaskKey ForDialogue(int dialogueId) => new(TaskKeyKind.Dialogue, dialogueId, Guid.Empty);

    public static TaskKey ForTaskId(IcmTaskId id) => new(TaskKeyKind.TaskId, Pack(id), Guid.Empty);

    public static TaskKey ForRouterCallKey(int day, int key) => new(TaskKeyKind.RouterCallKey, Pack(new IcmTaskId(day, key, 0)), Guid.Empty);

    /// <summary>For a <see cref="TaskKeyKind.RouterCallKey"/>: the task id keys it stands for, every sequence of its day and key.</summary>
    public (long From, long To) TaskIdRange => (Number & ~0xFFFL, Number | 0xFFF);

    // Day (19 bits: day numbers stay below 524,288 for centuries), key (32 bits) and sequence (12 bits)
    // in one integer, so the index holds a number rather than a string.
    private static long Pack(IcmTaskId id) => ((long)id.Day << 44) | ((long)(uint)id.Key << 12) | (long)(id.Sequence & 0xFFF);

    /// <summary>
    /// The value the index stores: the GUID's bytes for a contact, a number otherwise. The bytes are
    /// in the order the GUID is written, so that ids made in time order (version 7, as the server
    /// makes them) sort in time order and each new one lands at the end of the index's B-tree.
    /// </summary>
    public object Value => Kind == TaskKeyKind.Contact ? Contact.ToByteArray(bigEndian: true) : Number;

    /// <summary>A contact key's <see cref="Value"/> written into 16 bytes, for writers that bind it without an array.</summary>
    public void WriteContactBytes(Span<byte> destination) => Contact.TryWriteBytes(destination, bigEndian: true, out _);

    /// <summary>
    /// Reads an id as a person would type it: a GUID with or without dashes is a SocialContact id, a
    /// task id in any of its three forms (<c>154526:37051928:1</c>, <c>154526/37051928/1</c>,
    /// <c>154526_37051928_1</c>) is a task id, a RouterCallKey (<c>CID=(154526,37051928)</c>,
    /// <c>154526:37051928</c>) stands for every task id with its day and key, and a plain number is a DialogueID.
    /// </summary>
    // "CID=(155566,37051928)", "(155566,37051928)", "155566,37051928", "155566:37051928", "155566 37051928".
    private static bool TryParseRouterCallKey(string text, out int day, out int key)
    {
        day = key = 0;
        var span = text.AsSpan();
        if (span.StartsWith("CID=", StringComparison.OrdinalIgnoreCase)) span = span[4..];
        if (span.Length > 2 && span[0] == '(' && span[^1] == ')') span = span[1..^1];
        var cut = span.IndexOfAny(",: /_");
        if (cut <= 0) return false;
        const System.Globalization.NumberStyles Digits = System.Globalization.NumberStyles.None;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return int.TryParse(span[..cut].Trim(), Digits, culture, out day) && int.TryParse(span[(cut + 1)..].Trim(), Digits, culture, out key) && day > 0 && key > 0;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out TaskKey key)
    {
        key = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (Guid.TryParse(trimmed, out var contact))
        {
            key = ForContact(contact);
            return true;
        }
        if (IcmTaskId.TryParse(trimmed, out var taskId))
        {
            key = ForTaskId(taskId);
            return true;
        }
        if (TryParseRouterCallKey(trimmed, out var day, out var callKey))
        {
            key = ForRouterCallKey(day, callKey);
            return true;
        }
        if (int.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var dialogue) && dialogue > 0)
        {
            key = ForDialogue(dialogue);
            return true;
        }
        return false;
    }
}
