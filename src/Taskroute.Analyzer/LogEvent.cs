using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Analyzer;

/// <summary>
/// One message as a log line (and its continuation lines) shows it, normalised: when it happened in
/// UTC, where it was read, the seed's name for it, the modules it went between and every id it
/// carries. Ids a line does not carry are 0, <see cref="Guid.Empty"/> or <see cref="IcmTaskId.None"/>.
/// </summary>
public sealed class LogEvent
{
    // Text few events carry, kept apart so that the many without it stay small.
    private LogEventText? _text;

    internal LogEvent(LogComponent component, string source, long line, string message, string raw)
    {
        Component = component;
        More.Source = source;
        _line = (uint)line;
        Message = message;
        Text.Raw = raw;
    }

    // The source's name is its store's: one field fewer in every event.
    internal LogEvent(LogComponent component, long line, string message, RawLines lines)
    {
        Component = component;
        _line = (uint)line;
        Message = message;
        Lines = lines;
    }

    /// <summary>Unix milliseconds, UTC, once the source's clock is aligned (see <see cref="AnalysisReport.IcmOffset"/>).</summary>
    public long Time { get; internal set; }

    /// <summary>The offset of the clock that wrote the line; <see cref="At"/> shows the time in it.</summary>
    public TimeSpan Offset
    {
        get => TimeSpan.FromMinutes(_offsetMinutes);
        internal set => _offsetMinutes = (short)value.TotalMinutes;
    }

    // Offsets are whole minutes (at most 14 hours): kept small, as there is one per event.
    private short _offsetMinutes;

    public DateTimeOffset At => DateTimeOffset.FromUnixTimeMilliseconds(Time).ToOffset(Offset);

    public LogComponent Component { get; }

    /// <summary>The display name of the file (or archive entry) the line is in.</summary>
    public string Source => Lines.Store?.Name ?? (_text as LogEventRarities)?.Source ?? "";

    /// <summary>The 1-based number of the message's first line in its source.</summary>
    public long Line => _line;

    // Four billion lines is a log of hundreds of gigabytes: four bytes are enough, and there is one per event.
    private readonly uint _line;

    /// <summary>The seed's name for the message (NEW_TASK, OFFER_TASK_IND, AGENT_EVENT, SOCIAL_CONTACT_CREATED, DECODE_ERROR, ...).</summary>
    public string Message { get; internal set; }

    /// <summary>The module that sent the message and the one that received it, for a sequence diagram.</summary>
    public Module From
    {
        get => (Module)(_route & 0xF);
        internal set => _route = (byte)((_route & 0xF0) | ((byte)value & 0xF));
    }

    public Module To
    {
        get => (Module)(_route >> 4);
        internal set => _route = (byte)((_route & 0x0F) | (((byte)value & 0xF) << 4));
    }

    // From and To in one byte (there are eight modules): the byte that takes an event to the next 8 bytes.
    private byte _route;

    /// <summary>The SocialContact id (CCP), which the MR PIM calls ApplicationString1 and the router ANI.</summary>
    public Guid ContactId
    {
        get => _contact == 0 ? Guid.Empty : _contact > 0 ? Lines.Store!.Contacts[_contact] : More.ContactId;
        internal set
        {
            if (value == Guid.Empty)
            {
                _contact = 0;
            }
            else if (Lines.Store is { } store)
            {
                _contact = store.Contacts.Number(value);
            }
            else
            {
                More.ContactId = value;
                _contact = -1;
            }
        }
    }

    // The contact's number in its source's table (ContactTable), 0 for none, -1 when the event's
    // text was kept and the id with it.
    private int _contact;

    /// <summary>The MR PIM's DialogueID, also the router's <c>(DialogueID x 0 : 0 0)</c>.</summary>
    public int DialogueId { get; internal set; }

    /// <summary>The RouterCallKeyDay and RouterCallKey (<c>CID=(day,key)</c>); 0 when the line names neither.</summary>
    public int RouterCallKeyDay
    {
        get => _routerCallKeyDay;
        internal set
        {
            if (value != _routerCallKeyDay) KeepTaskIdApart();
            _routerCallKeyDay = value;
        }
    }

    private int _routerCallKeyDay;

    public int RouterCallKey
    {
        get => _routerCallKey;
        internal set
        {
            if (value != _routerCallKey) KeepTaskIdApart();
            _routerCallKey = value;
        }
    }

    private int _routerCallKey;

    /// <summary>The whole task id when the line gives the sequence number too.</summary>
    public IcmTaskId TaskId
    {
        get => (_flags & Flags.HasTaskId) == 0 ? IcmTaskId.None
            : (_flags & Flags.TaskIdApart) == 0 ? new IcmTaskId(_routerCallKeyDay, _routerCallKey, _taskSequence)
            : new IcmTaskId(More.TaskDay, More.TaskKey, _taskSequence);
        internal set
        {
            _flags &= ~(Flags.HasTaskId | Flags.TaskIdApart);
            if (value.IsNone) return;
            _flags |= Flags.HasTaskId;
            _taskSequence = value.Sequence;
            if (value.Day == _routerCallKeyDay && value.Key == _routerCallKey) return;
            _flags |= Flags.TaskIdApart;
            (More.TaskDay, More.TaskKey) = (value.Day, value.Key);
        }
    }

    // A task id's day and key are the RouterCallKey's on every line that gives both, so only its
    // sequence number is kept, unless they differ (then they go with the event's rarer text).
    private int _taskSequence;

    // The RouterCallKey is about to change under a task id that shares its day and key: the id keeps them.
    private void KeepTaskIdApart()
    {
        if ((_flags & (Flags.HasTaskId | Flags.TaskIdApart)) != Flags.HasTaskId) return;
        _flags |= Flags.TaskIdApart;
        (More.TaskDay, More.TaskKey) = (_routerCallKeyDay, _routerCallKey);
    }

    /// <summary>The ICM agent id (SkillTargetID, 5172 in the seed).</summary>
    public int AgentId { get; internal set; }

    /// <summary>The peripheral agent id, which is also the login, instrument and extension (1080 in the seed).</summary>
    public int LoginId { get; internal set; }

    public int PeripheralId { get; internal set; }
    public int MrdId { get; internal set; }
    public int SkillGroupId { get; internal set; }

    /// <summary>The CTI InvokeID, whether the line wrote it in hex (<c>0x8a88</c>) or decimal (<c>35464</c>).</summary>
    public int InvokeId { get; internal set; }

    public string? ScriptSelector
    {
        get => _text?.ScriptSelector;
        internal set
        {
            if (value is not null || _text is not null) Text.ScriptSelector = value;
        }
    }

    /// <summary>The agent's state in an AGENT_EVENT, when the line says it or the lines around it tell.</summary>
    public AgentState? AgentState
    {
        get => _agentState == 0 ? null : (AgentState)(_agentState - 1);
        internal set => _agentState = value is { } v ? (byte)(v + 1) : (byte)0;
    }

    // A nullable enum field takes a padded struct's room in the object; one byte, 0 for none, does not.
    private byte _agentState;

    /// <summary>
    /// The agent's state as <see cref="AgentState"/> names it, or as the log wrote a state it has no
    /// name for (TALKING, BUSY_OTHER, kept in <see cref="Detail"/>); null when the event tells none.
    /// </summary>
    public string? AgentStateName => AgentState?.ToString() ?? (Message == "AGENT_EVENT" ? Detail : null);

    /// <summary>True when <see cref="AgentState"/> was told by the messages around a line that was cut before its state.</summary>
    public bool AgentStateInferred
    {
        get => (_flags & Flags.AgentStateInferred) != 0;
        internal set => Set(Flags.AgentStateInferred, value);
    }

    /// <summary>The contact's status in a CCP status line; None otherwise.</summary>
    public ContactStatus Status { get; internal set; }

    public Disposition Disposition { get; internal set; }

    /// <summary>What went wrong, on a DECODE_ERROR, FAILURE_RESP or a RONA; an AGENT_EVENT's state when it has no <see cref="AgentState"/> name.</summary>
    public string? Detail
    {
        get => _text?.Detail;
        internal set
        {
            if (value is not null || _text is not null) Text.Detail = value;
        }
    }

    /// <summary>
    /// The message's lines as read (continuation lines included, up to a few hundred characters).
    /// Read back from the log when first asked for: the analysis keeps where the lines are, not their text.
    /// </summary>
    public string Raw
    {
        get => _text?.Raw ?? (Text.Raw = Lines.Text());
        internal set => Text.Raw = value;
    }

    private LogEventText Text => _text ??= new LogEventText();

    private LogEventRarities More => _text as LogEventRarities ?? (LogEventRarities)(_text = new LogEventRarities(_text));

    // Where the lines are, when they were not kept as text.
    internal RawLines Lines;

    /// <summary>The task id in the router's form when whole, else <c>day:key</c> when known, else null.</summary>
    public string? TaskKey => !TaskId.IsNone ? TaskId.ToString() : RouterCallKey != 0 ? $"{RouterCallKeyDay}:{RouterCallKey}" : null;

    public override string ToString() => $"{At:HH:mm:ss.fff} {LogComponentNames.Of(Component)} {Message} {From}->{To}";

    // Local wall-clock time (ms since 1970 as if it were UTC) for ICM lines, before the offset is known.
    // It shares Time's field: Time is only set from it once the offset is known.
    internal long LocalMs
    {
        get => Time;
        set => Time = value;
    }

    // True when the ICM source had no date: LocalMs holds the time of day (plus days rolled over) only.
    internal bool Undated
    {
        get => (_flags & Flags.Undated) != 0;
        set => Set(Flags.Undated, value);
    }

    // An agent state line, whole, that names no MRD where the same line names every other MRD's
    // (Finesse's CTIAgentStateEvent): the agent's voice state, which is no non-voice task's.
    internal bool VoiceState
    {
        get => (_flags & Flags.VoiceState) != 0;
        set => Set(Flags.VoiceState, value);
    }

    internal bool HasOffsetOfItsOwn
    {
        get => (_flags & Flags.HasOffsetOfItsOwn) != 0;
        set => Set(Flags.HasOffsetOfItsOwn, value);
    }

    // The event's yes-or-no facts in one byte rather than a byte each.
    private Flags _flags;

    private void Set(Flags flag, bool on) => _flags = on ? _flags | flag : _flags & ~flag;

    [Flags]
    private enum Flags : byte
    {
        AgentStateInferred = 1,
        Undated = 2,
        HasOffsetOfItsOwn = 4,
        HasTaskId = 8,
        TaskIdApart = 16,
        VoiceState = 32,
    }

    // Ids read at the very end of a line that may have been cut short: only trusted when seen whole elsewhere.
    internal WeakIds Weak { get; set; }

    // Where it was read: its source's place in the input, then its place in that source (see LogAnalyzer).
    internal long Order { get; set; }

    // The place of the message in the flow, for events of the same millisecond (EventOrder.Rank).
    internal byte Rank { get; set; }

    internal MessageType? Type
    {
        get => _type == 0 ? null : (MessageType)(_type - 1);
        set => _type = value is { } v ? (byte)(v + 1) : (byte)0;
    }

    // As _agentState: the message types are defined ones (MessageRoutes), all well below 255.
    private byte _type;
}
