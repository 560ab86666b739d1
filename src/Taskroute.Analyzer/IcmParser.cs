using System.Runtime.CompilerServices;
using Taskroute.Core.Flow;

namespace Taskroute.Analyzer;

/// <summary>
/// Reads ICM process traces (ctisvr, MR PIM, router). A message may take several lines: lines
/// without a time stamp continue the one before (the PIM's field dumps, SendARMMsg's second line),
/// and so do Trace lines of the same process and millisecond that start no message of their own
/// (OFFER_TASK_EVENT's <c>TaskID=...</c> line, DeviceTargetPreCall's <c>DN=..., ANI=...</c>).
/// </summary>
internal sealed class IcmParser : LogParser
{
    private const long DayMs = 86_400_000;
    private const int MaxInvokes = 4096;

    private readonly LogComponent _component;
    private char[] _process = new char[32];
    private int _processLength;
    private LogComponent _processComponent;
    private long _dayStartMs;
    private bool _dated;
    private DateOnly? _firstDate;
    private string? _dateFrom;
    private int _lastTod = -1;
    // Each process's own midnight count: traces cat-ed into one file (ctisvr's, then the PIM's, then
    // the router's) each start again at the first day. _dayStartMs and _lastTod are the clock of the
    // process last read; the others wait here, and a process first seen starts at the date's day.
    private readonly Dictionary<string, (long DayStart, int LastTod)> _clocks = [];
    private char[] _clockProcess = new char[32];
    private int _clockProcessLength;
    private long _dateDayStartMs;
    private LogEvent? _current;
    private int _currentTod = -1;
    private int _currentSession = -1;
    private bool _dumpPending;
    private bool _stamped;
    private CiscoStamp _stamp;
    private readonly Dictionary<(int Invoke, string Message), LogEvent> _invokes = [];

    /// <summary>
    /// <paramref name="fileName"/> is the name whose date the lines take, when it is not the source's
    /// (a file's lines in grep output take that file's date).
    /// </summary>
    public IcmParser(LogSource source, DateOnly? option, string? fileName = null) : base(source)
    {
        _component = source.Component;
        if (IcmDates.TryFileName(fileName ?? source.Name, out var fromName)) SetDate(fromName, "file name");
        else if (option is { } d) SetDate(d, "option");
    }

    public override DateOnly? Date => _firstDate;

    /// <summary>The first line that looked like an <c>Events from</c> header but was not understood, or null.</summary>
    public (long Line, string Text)? UnreadHeader { get; private set; }
    public override string? DateFrom => _dateFrom;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SetDate(DateOnly date, string from)
    {
        _dayStartMs = (long)(date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * DayMs;
        _dateDayStartMs = _dayStartMs;
        _clocks.Clear();
        _dated = true;
        _firstDate ??= date;
        _dateFrom ??= from;
        _lastTod = -1;
    }

    // Keeps the clock of the process last read and takes up this one's (see _clocks).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ClockOf(ReadOnlySpan<char> process)
    {
        if (process.SequenceEqual(_clockProcess.AsSpan(0, _clockProcessLength))) return;
        if (_clockProcessLength > 0 || _lastTod >= 0)
            _clocks[new string(_clockProcess, 0, _clockProcessLength)] = (_dayStartMs, _lastTod);
        if (process.Length > _clockProcess.Length) _clockProcess = new char[process.Length];
        process.CopyTo(_clockProcess);
        _clockProcessLength = process.Length;
        if (_clocks.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(process, out var clock)) (_dayStartMs, _lastTod) = clock;
        else (_dayStartMs, _lastTod) = (_dateDayStartMs, -1);
    }

    // A date written on the line itself outranks a header's, the file name's and --date.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnLineDate(DateOnly date)
    {
        var dayStart = (long)(date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * DayMs;
        if (_dated && dayStart == _dayStartMs && _dateFrom == "lines") return;
        if (_dateFrom != "lines")
        {
            _firstDate = date;
            _dateFrom = "lines";
        }
        _dayStartMs = dayStart;
        _dated = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override bool OnLine(ReadOnlySpan<char> line, long number)
    {
        _stamped = false;
        if (IcmLine.TryHeader(line, out var tod, out var lineDate, out var process, out var session, out var body))
        {
            ClockOf(process);
            if (lineDate != default) OnLineDate(lineDate);
            // ICM writes the time of day only: past midnight the clock goes back.
            else if (_lastTod >= 0 && tod < _lastTod - DayMs / 2) _dayStartMs += DayMs;
            _lastTod = tod;
        }
        else if ((line[0] == '<' || char.IsAsciiDigit(line[0])) && IcmLine.TryCiscoLog(line, out _stamp, out process, out session, out body))
        {
            // dumplog's Cisco Log output: the line has its own date and offset. Its local time of day
            // stands for the clock where lines are compared with the message they continue.
            _stamped = true;
            if (_firstDate is null)
            {
                _firstDate = DateOnly.FromDateTime(DateTime.UnixEpoch.AddMilliseconds(_stamp.UnixMs) + _stamp.Offset);
                _dateFrom = "lines";
            }
            tod = (int)(((_stamp.UnixMs + (long)_stamp.Offset.TotalMilliseconds) % DayMs + DayMs) % DayMs);
        }
        else
        {
            if (IcmDates.TryHeader(line, out var date, out var seen))
            {
                // A header names the day of the lines below it, whatever the file name said.
                if (_dateFrom != "header") { _firstDate = null; _dateFrom = null; }
                SetDate(date, "header");
                _current = null;
                return true;
            }
            if (seen)
            {
                // A header in a form not understood: the report names it rather than say there is none.
                UnreadHeader ??= (number, new string(line.Length > 100 ? line[..100] : line));
                _current = null;
                return false;
            }
            return Continue(line);
        }

        var component = ComponentOf(process, body);
        if (session >= 0) return OnSession(line, number, tod, session, body, component);

        var dialogue = 0;
        if (body.StartsWith("(", StringComparison.Ordinal) && body.IndexOf(" x ", StringComparison.Ordinal) > 1 &&
            Fields.TryLeadingInt(body[1..], out var d, out _))
        {
            dialogue = d;
            var close = body.IndexOf(')');
            body = close > 0 && close + 1 < body.Length ? body[(close + 1)..].TrimStart(' ') : [];
        }

        var message = component switch
        {
            LogComponent.Rtr => RouterMessage(body),
            LogComponent.Pim => PimMessage(body),
            _ => CtiMessage(body),
        };

        if (message is null)
        {
            if (IsProcessingLine(body))
            {
                // Lines that say what the process does with the message keep the message open.
                return true;
            }
            // A message the flow does not know ("BEGIN_TASK_EVENT: PeripheralID=...") ends the one before
            // it, even in the same millisecond (or second, where dumplog writes no milliseconds):
            // read as its continuation, its ids would overwrite that message's.
            if (_current is not null && tod == _currentTod && body.Contains('=') && component != LogComponent.Pim && _current.Component == component
                && !StartsWithMessageName(body))
            {
                TakeIds(_current, body, continuation: true);
                Append(_current, line);
                return true;
            }
            _current = null;
            return false;
        }

        if (message == "SEND_ARM")
        {
            return OnSendArm(line, number, tod, body, component);
        }
        if (message == "DECODE_ERROR")
        {
            // The message being decoded stays the one later lines continue.
            var error = New(component, number, "DECODE_ERROR", line);
            Stamp(error, tod);
            error.Detail = Strings.Get(body);
            if (_current is not null) CopyIds(_current, error);
            return true;
        }

        var e = Start(component, number, message, line, tod);
        if (dialogue != 0) e.DialogueId = dialogue;
        if (message is "DIRECTION")
        {
            e.Message = "";
            _dumpPending = true;
        }
        TakeIds(e, body, continuation: false);
        return true;
    }

    // An upper-case name with an underscore, then ':' or a space: how ICM processes begin a message's line.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool StartsWithMessageName(ReadOnlySpan<char> body)
    {
        var i = 0;
        var underscore = false;
        while (i < body.Length && (char.IsAsciiLetterUpper(body[i]) || char.IsAsciiDigit(body[i]) || body[i] == '_'))
        {
            underscore |= body[i] == '_';
            i++;
        }
        return underscore && i >= 4 && i < body.Length && body[i] is ':' or ' ';
    }

    // Each line is its own process's: ctisvr, PIM and router traces may be cat-ed or merged into one
    // file, which is detected as its most frequent process. A file's lines mostly share one process
    // name, so the last name and what it meant are kept rather than read again.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private LogComponent ComponentOf(ReadOnlySpan<char> process, ReadOnlySpan<char> body)
    {
        if (!process.SequenceEqual(_process.AsSpan(0, _processLength)))
        {
            if (process.Length > _process.Length) _process = new char[process.Length];
            process.CopyTo(_process);
            _processLength = process.Length;
            _processComponent = IcmLine.ComponentOfName(process);
        }
        if (_processComponent != LogComponent.Unknown) return _processComponent;
        return _component != LogComponent.Unknown ? _component : IcmLine.ComponentOfProcess(process, body);
    }

    // A trace line's time is the ICM server's local clock, put on UTC once its offset is known; a Cisco
    // Log line's is its own.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Stamp(LogEvent e, int tod)
    {
        if (_stamped)
        {
            e.Time = _stamp.UnixMs;
            e.Offset = _stamp.Offset;
            e.HasOffsetOfItsOwn = true;
            return;
        }
        e.LocalMs = _dayStartMs + tod;
        e.Undated = !_dated;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private LogEvent Start(LogComponent component, long number, string message, ReadOnlySpan<char> line, int tod)
    {
        var e = New(component, number, message, line);
        Stamp(e, tod);
        _current = e;
        _currentTod = tod;
        _currentSession = -1;
        _dumpPending = false;
        return e;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool OnSession(ReadOnlySpan<char> line, long number, int tod, int session, ReadOnlySpan<char> body, LogComponent component)
    {
        if (body.StartsWith("MsgType:", StringComparison.Ordinal))
        {
            var name = body[8..];
            var stop = name.IndexOfAny(' ', '(');
            if (stop >= 0) name = name[..stop];
            // The agent's state as ctisvr sends it to a client is the state change its AGENT_EVENT trace tells.
            var agentState = name.SequenceEqual("AGENT_STATE_EVENT");
            // An unknown or cut name ("OFFER_TA") is no message the flow knows.
            if (!agentState && !Strings.IsMessageName(name)) { _current = null; return false; }
            var e = Start(component, number, agentState ? "AGENT_EVENT" : Strings.Get(name), line, tod);
            _currentSession = session;
            TakeIds(e, body, continuation: false);
            if (e.InvokeId != 0 && (e.Weak & WeakIds.Invoke) == 0) Remember(e);
            return true;
        }
        // A second agent's state in the same millisecond starts a message of its own.
        var anotherState = _current is { Message: "AGENT_EVENT" } held && (held.AgentState is not null || held.Detail is not null) &&
            body.Contains("AgentState:", StringComparison.Ordinal);
        if (_current is not null && _currentSession == session && tod == _currentTod && !anotherState)
        {
            TakeIds(_current, body, continuation: true);
            Append(_current, line);
            if (_current.InvokeId != 0) Remember(_current);
            return true;
        }
        if (body.Contains("AgentState:", StringComparison.Ordinal))
        {
            // An AGENT_STATE_EVENT whose MsgType line is not there (a trace level that dumps only some
            // of its lines, an excerpt): its AgentState line starts it, and the session's next lines
            // of the same millisecond continue it.
            var e = Start(component, number, "AGENT_EVENT", line, tod);
            _currentSession = session;
            TakeIds(e, body, continuation: true);
            return true;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Remember(LogEvent e)
    {
        if (_invokes.Count >= MaxInvokes) _invokes.Clear();
        _invokes[(e.InvokeId, e.Message)] = e;
    }

    // "SendARMMsg: ARM_OFFER_TASK_IND-- InvokeID = 35464": the session line's message again, its
    // InvokeID in decimal. It is one message with the session line that has the same InvokeID.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool OnSendArm(ReadOnlySpan<char> line, long number, int tod, ReadOnlySpan<char> body, LogComponent component)
    {
        var name = body[(body.IndexOf("ARM_", StringComparison.Ordinal) + 4)..];
        var stop = name.IndexOfAny('-', ' ', ',');
        if (stop >= 0) name = name[..stop];
        if (!Fields.TryInvokeId(body, "InvokeID =", out var invoke, out var invokeAtEnd) || invokeAtEnd)
        {
            // Without a whole InvokeID the line still belongs to the message just received.
            if (_current is not null && tod == _currentTod) { Append(_current, line); return true; }
            return false;
        }
        if (_invokes.TryGetValue((invoke, Strings.Get(name)), out var same))
        {
            TakeIds(same, body, continuation: true);
            Append(same, line);
            _current = same;
            _currentTod = tod;
            return true;
        }
        if (name.IsEmpty || !Strings.IsMessageName(name)) return false;
        var e = Start(component, number, Strings.Get(name), line, tod);
        TakeIds(e, body, continuation: false);
        e.InvokeId = invoke;
        Remember(e);
        return true;
    }

    // A line without a time stamp continues the message before it: the PIM's dump fields,
    // NEW_CALL/CONNECT details, the second line of SendARMMsg.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Continue(ReadOnlySpan<char> line)
    {
        var e = _current;
        if (e is null) return false;
        // dumplog indents a message's field lines with a tab (or spaces): the fields are read without
        // it, the line is kept as written.
        var text = line[0] is '\t' or ' ' ? line.TrimStart(" \t") : line;
        if (_dumpPending || e.Message.Length == 0)
        {
            if (!text.StartsWith("Message = ", StringComparison.Ordinal)) { _current = null; _dumpPending = false; return false; }
            var name = text[10..];
            var semi = name.IndexOfAny(';', ' ');
            if (semi >= 0) name = name[..semi];
            if (name.IsEmpty) { _current = null; return false; }
            e.Message = Strings.Get(name);
            _dumpPending = false;
            Append(e, line);
            return true;
        }
        // Field lines are "name = value" or "name: value"; anything else (prose, comments) ends the message.
        var fieldLike = e.Component == LogComponent.Pim ? text.IndexOfAny('=', ':') > 0 : text.IndexOf('=') > 0;
        if (!fieldLike || text.StartsWith("//", StringComparison.Ordinal) || text.StartsWith("#", StringComparison.Ordinal))
        {
            _current = null;
            return false;
        }
        if (e.Component == LogComponent.Pim) PimField(e, text);
        else TakeIds(e, text, continuation: true);
        Append(e, line);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PimField(LogEvent e, ReadOnlySpan<char> line)
    {
        if (line.StartsWith("DialogueID = ", StringComparison.Ordinal) && Fields.TryInt(line, "DialogueID = ", out var d)) e.DialogueId = d;
        else if (line.StartsWith("IcmTaskID = ", StringComparison.Ordinal) && Fields.TryTaskId(line, "IcmTaskID = ", out var id, out var seqAtEnd))
            SetTask(e, id, seqAtEnd);
        else if (line.StartsWith("SkillGroup = ", StringComparison.Ordinal) && Fields.TryInt(line, "SkillGroup = ", out var sg)) e.SkillGroupId = sg;
        else if (line.StartsWith("Agent = ", StringComparison.Ordinal) && Fields.TryInt(line, "Agent = ", out var a, out var atEnd)) SetAgent(e, a, atEnd);
        else if (line.StartsWith("MRDID = ", StringComparison.Ordinal) && Fields.TryInt(line, "MRDID = ", out var mrd)) e.MrdId = mrd;
        // NEW_TASK's dump names the MRD "MRDomainID = (5011) Hex ..." when the application gives one ("Undefined" otherwise).
        else if (line.StartsWith("MRDomainID = ", StringComparison.Ordinal) && Fields.TryInt(line, "MRDomainID = ", out mrd)) e.MrdId = mrd;
        else if (line.StartsWith("ApplicationString1: ", StringComparison.Ordinal) && Fields.TryGuid(line, "ApplicationString1: ", out var contact)) e.ContactId = contact;
        else if (line.StartsWith("ScriptSelector: ", StringComparison.Ordinal)) e.ScriptSelector = Strings.Get(line[16..].Trim());
        else if (line.StartsWith("FailureCode = ", StringComparison.Ordinal) && Fields.TryInt(line, "FailureCode = ", out var code)) e.Disposition = (Disposition)code;
        else if (line.StartsWith("NEW_CALL ", StringComparison.Ordinal) || line.StartsWith("CONNECT ", StringComparison.Ordinal) ||
                 line.StartsWith("RELEASE_CALL ", StringComparison.Ordinal) || line.StartsWith("ROUTE_END ", StringComparison.Ordinal))
        {
            if (Fields.TryInt(line, " DID=", out var did, out var didAtEnd) && !didAtEnd) e.DialogueId = did;
            if (Fields.TryInt(line, "RtrDate=", out var day) && Fields.TryInt(line, "RtrCID=", out var key, out var keyAtEnd) && day > 0 && key > 0 && !keyAtEnd)
            {
                e.RouterCallKeyDay = day;
                e.RouterCallKey = key;
                if (Fields.TryInt(line, "RCKSeq#=", out var seq, out var seqEnd) && seq >= 0 && !seqEnd)
                    e.TaskId = new Core.Ids.IcmTaskId(day, key, seq + 1);
            }
            if (Fields.TryGuid(line, "ANI=", out var ani)) e.ContactId = ani;
            if (Fields.TryInt(line, "ErrorCode=", out var error) && error != 0) e.Disposition = (Disposition)error;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? RouterMessage(ReadOnlySpan<char> body)
    {
        if (body.StartsWith("NewCall:", StringComparison.Ordinal)) return "NEW_CALL";
        if (body.StartsWith("DeviceTargetPreCall", StringComparison.Ordinal)) return "DEVICE_TARGET_PRE_CALL_IND";
        if (body.StartsWith("Connect:", StringComparison.Ordinal)) return "CONNECT";
        if (body.StartsWith("RequeueCall:", StringComparison.Ordinal)) return "REQUEUE_TASK";
        if (body.StartsWith("ReleaseCall:", StringComparison.Ordinal)) return "RELEASE_CALL";
        if (body.StartsWith("RouteEnd:", StringComparison.Ordinal)) return "ROUTE_END";
        if (body.StartsWith("TimerExpired:", StringComparison.Ordinal)) return "TIMER_EXPIRED";
        if (body.StartsWith("AgentUpdate:", StringComparison.Ordinal)) return "AGENT_UPDATE";
        if (body.StartsWith("Agent ", StringComparison.Ordinal) && body.Contains(" from PG domain ", StringComparison.Ordinal)) return "AGENT_EVENT";
        if (body.StartsWith("CID=(", StringComparison.Ordinal) && body.Contains(":Step ", StringComparison.Ordinal))
            return body.Contains(" queuing ", StringComparison.Ordinal) ? "QUEUED_TASK_EVENT" : "SCRIPT_STEP";
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? PimMessage(ReadOnlySpan<char> body)
    {
        if (body.StartsWith("Application->PG", StringComparison.Ordinal) || body.StartsWith("PG->Application", StringComparison.Ordinal)) return "DIRECTION";
        if (body.StartsWith("Send INRCMSGNewCall", StringComparison.Ordinal)) return "NEW_CALL";
        if (body.StartsWith("Send INRCMSGReleaseCall", StringComparison.Ordinal)) return "RELEASE_CALL";
        if (body.StartsWith("MR_Peripheral::On_Router_Connect", StringComparison.Ordinal)) return "CONNECT";
        if (body.StartsWith("MR_Peripheral::On_Router_RouteEnd", StringComparison.Ordinal)) return "ROUTE_END";
        if (body.StartsWith("TimerExpired:", StringComparison.Ordinal)) return "TIMER_EXPIRED";
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? CtiMessage(ReadOnlySpan<char> body)
    {
        if (body.StartsWith("SendARMMsg:", StringComparison.Ordinal) && body.Contains("ARM_", StringComparison.Ordinal)) return "SEND_ARM";
        if (body.StartsWith("Decode ", StringComparison.Ordinal) && body.Contains("error", StringComparison.OrdinalIgnoreCase)) return "DECODE_ERROR";
        if (body.StartsWith("TimerExpired:", StringComparison.Ordinal)) return "TIMER_EXPIRED";
        var end = body.IndexOfAny(':', ' ');
        if (end <= 0) return null;
        var name = body[..end];
        if (name.SequenceEqual("AGENT_EVENT")) return "AGENT_EVENT";
        if (name.SequenceEqual("DEVICE_TARGET_PRE_CALL_IND")) return "DEVICE_TARGET_PRE_CALL_IND";
        return Strings.IsMessageName(name) ? Strings.Get(name) : null;
    }

    // An agent state's name: upper-case letters and underscores (TALKING, WORK_NOT_READY).
    private static bool IsStateName(ReadOnlySpan<char> name) => name.Length > 1 && !name.ContainsAnyExcept(StateLetters);

    private static readonly System.Buffers.SearchValues<char> StateLetters = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ_");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsProcessingLine(ReadOnlySpan<char> body) =>
        (body.StartsWith("Process", StringComparison.Ordinal) && body.Contains(" - sessionID", StringComparison.Ordinal)) ||
        body.StartsWith("MDSIO::", StringComparison.Ordinal) || body.StartsWith("Deleting Dialog", StringComparison.Ordinal);

    /// <summary>Every id the text names, in the spellings of ctisvr, the router and Taskroute's fuller lines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TakeIds(LogEvent e, ReadOnlySpan<char> text, bool continuation)
    {
        // Each group of spellings is looked for only when the word they share is there.
        var words = IdWordsFinder.In(text);
        if ((words & IdWords.Cid) != 0 && Fields.TryCid(text, out var day, out var key))
        {
            e.RouterCallKeyDay = day;
            e.RouterCallKey = key;
        }
        if ((words & IdWords.TaskId) != 0 &&
            (Fields.TryTaskId(text, "TaskID=", out var id, out var seqAtEnd) || Fields.TryTaskId(text, "TaskID:", out id, out seqAtEnd) ||
             Fields.TryTaskId(text, "TaskID = ", out id, out seqAtEnd)))
            SetTask(e, id, seqAtEnd);
        if ((words & IdWords.Agent) != 0 &&
            (Fields.TryInt(text, "ICMAgentID=", out var agent, out var atEnd) || Fields.TryInt(text, "ICMAgentID:", out agent, out atEnd) ||
             Fields.TryInt(text, "ICMAgentID = ", out agent, out atEnd)))
            SetAgent(e, agent, atEnd);
        if ((words & IdWords.Mrd) != 0 &&
            (Fields.TryInt(text, "MRDID=", out var mrd) || Fields.TryInt(text, "MRDID:", out mrd) || Fields.TryInt(text, "MRDomainID=", out mrd) ||
             Fields.TryInt(text, "MRDID = ", out mrd)))
            e.MrdId = mrd;
        if ((words & IdWords.SkillGroup) != 0 &&
            (Fields.TryInt(text, "SkillGroupID=", out var sg) || Fields.TryInt(text, "ARMSkillGroupID:", out sg) || Fields.TryInt(text, "SkillGroupID = ", out sg) ||
             Fields.TryInt(text, ", SkillGroup=", out sg)))
            if (sg > 0) e.SkillGroupId = sg;
        if ((words & IdWords.Peripheral) != 0 &&
            (Fields.TryInt(text, "PeripheralID=", out var periph) || Fields.TryInt(text, "PeripherlID=", out periph) || Fields.TryInt(text, "Periph=", out periph) ||
             Fields.TryInt(text, "PerID=", out periph)))
            e.PeripheralId = periph;
        if ((words & IdWords.Invoke) != 0 &&
            (Fields.TryInvokeId(text, "InvokeID:", out var invoke, out var invokeAtEnd) || Fields.TryInvokeId(text, "InvokeID=", out invoke, out invokeAtEnd)))
        {
            e.InvokeId = invoke;
            if (invokeAtEnd) e.Weak |= WeakIds.Invoke;
        }
        if ((words & IdWords.Ani) != 0 && Fields.TryGuid(text, "ANI=", out var contact)) e.ContactId = contact;
        if ((words & (IdWords.Disposition | IdWords.ErrorCode)) != 0 &&
            (Fields.TryInt(text, "Disposition:", out var disposition) || Fields.TryInt(text, "ICMDisposition = ", out disposition) ||
             Fields.TryInt(text, "ErrorCode=", out disposition)))
            if (disposition != 0) e.Disposition = (Disposition)disposition;

        switch (e.Message)
        {
            case "AGENT_EVENT" when e.Component == LogComponent.Rtr:
                RouterAgent(e, text);
                break;
            case "AGENT_EVENT":
                if (!continuation && Fields.TryInt(text, "AGENT_EVENT: ID=", out var login, out var loginAtEnd)) SetLogin(e, login, loginAtEnd);
                var state = Fields.Word(text, " St=", out var stateAtEnd);
                if (state.IsEmpty) state = Fields.Word(text, "State=", out stateAtEnd);
                if (state.IsEmpty) state = Fields.Word(text, "AgentState:", out stateAtEnd);
                // AGENT_STATE_EVENT's dump: "... CTIClientSignature:Finesse AgentID:1080 AgentExtension:1080".
                if (Fields.TryInt(text, " AgentID:", out var loginId, out var loginIdAtEnd)) SetLogin(e, loginId, loginIdAtEnd);
                if (MessageRoutes.State(state) is { } s) e.AgentState = s;
                // A state the flow does not know is kept as written, unless the line was cut within it.
                else if (!stateAtEnd && IsStateName(state)) e.Detail = Strings.Get(state);
                break;
            case "DEVICE_TARGET_PRE_CALL_IND":
                if (Fields.TryInt(text, "Instrument=", out var instrument, out var instrumentAtEnd)) SetLogin(e, instrument, instrumentAtEnd);
                if (Fields.TryInt(text, "AgentID=", out var target, out var targetAtEnd) && !text.Contains("ICMAgentID=", StringComparison.Ordinal)) SetAgent(e, target, targetAtEnd);
                else if (Fields.TryInt(text, ", AgentID=", out target, out targetAtEnd)) SetAgent(e, target, targetAtEnd);
                RouterCallKeyPair(e, text);
                break;
            case "SCRIPT_STEP":
            case "QUEUED_TASK_EVENT":
                if (Fields.TryInt(text, "to Agent ", out var chosen, out var chosenAtEnd)) SetAgent(e, chosen, chosenAtEnd);
                var dn = Fields.Word(text, "):", out _);
                var colon = dn.IndexOf(':');
                if (colon > 0) e.ScriptSelector = Strings.Get(dn[..colon]);
                break;
            case "NEW_CALL":
                var selector = Fields.Word(text, "DN=", out var selectorAtEnd);
                if (!selector.IsEmpty && !selectorAtEnd) e.ScriptSelector = Strings.Get(selector);
                break;
            case "REQUEUE_TASK":
                if (Fields.TryInt(text, "Agent=", out var requeued, out var requeuedAtEnd)) SetAgent(e, requeued, requeuedAtEnd);
                var reason = Fields.Word(text, "Reason=", out _);
                if (reason.Contains("RONA", StringComparison.OrdinalIgnoreCase) || reason.Contains("NoAnswer", StringComparison.OrdinalIgnoreCase))
                {
                    e.Disposition = Disposition.RingNoAnswer;
                    e.Detail = "RONA";
                }
                break;
            case "FAILURE_RESP":
                var status = Fields.Word(text, "Text=", out _);
                if (!status.IsEmpty) e.Detail = Strings.Get(status);
                break;
        }
        if (!continuation) return;
        if (e.Message == "AGENT_EVENT" && Fields.TryInt(text, "ID=", out var id2, out var id2AtEnd) && text.StartsWith("ID=", StringComparison.Ordinal)) SetLogin(e, id2, id2AtEnd);
    }

    // ctisvr's pre-call names the task by RouterCallKey, day and key apart: "RouterCallKey=154526 37051928".
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RouterCallKeyPair(LogEvent e, ReadOnlySpan<char> text)
    {
        var at = text.IndexOf("RouterCallKey=", StringComparison.Ordinal);
        if (at < 0) return;
        var rest = text[(at + 14)..];
        if (!Fields.TryLeadingInt(rest, out var day, out var used) || used >= rest.Length || rest[used] != ' ') return;
        rest = rest[(used + 1)..];
        if (!Fields.TryLeadingInt(rest, out var key, out used) || day <= 0 || key <= 0) return;
        e.RouterCallKeyDay = day;
        e.RouterCallKey = key;
        if (used == rest.Length) e.Weak |= WeakIds.RouterCallKey;
        if (Fields.TryInt(text, "RouterCallKeySequenceNumber=", out var seq, out var seqAtEnd) && !seqAtEnd && seq >= 0)
            e.TaskId = new Core.Ids.IcmTaskId(day, key, seq);
    }

    // "Agent 5172 from PG domain 5011. [na-0:3[0],RA*] to [res-0+1:3[0],R]"
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RouterAgent(LogEvent e, ReadOnlySpan<char> text)
    {
        if (Fields.TryInt(text, "Agent ", out var agent, out var atEnd)) SetAgent(e, agent, atEnd);
        if (Fields.TryInt(text, "PG domain ", out var mrd)) e.MrdId = mrd;
        var to = text.IndexOf(" to [", StringComparison.Ordinal);
        if (to < 0) return;
        var state = text[(to + 5)..];
        var dash = state.IndexOf('-');
        if (dash > 0 && MessageRoutes.RouterState(state[..dash]) is { } s) e.AgentState = s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SetTask(LogEvent e, Core.Ids.IcmTaskId id, bool sequenceAtEnd)
    {
        e.RouterCallKeyDay = id.Day;
        e.RouterCallKey = id.Key;
        e.TaskId = id;
        if (sequenceAtEnd) e.Weak |= WeakIds.Sequence;
        else e.Weak &= ~WeakIds.Sequence;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SetAgent(LogEvent e, int agent, bool atEnd)
    {
        if (agent <= 0) return;
        if (e.AgentId != 0 && (e.Weak & WeakIds.Agent) == 0 && atEnd) return;
        e.AgentId = agent;
        if (atEnd) e.Weak |= WeakIds.Agent;
        else e.Weak &= ~WeakIds.Agent;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SetLogin(LogEvent e, int login, bool atEnd)
    {
        if (login <= 0) return;
        if (e.LoginId != 0 && (e.Weak & WeakIds.Login) == 0 && atEnd) return;
        e.LoginId = login;
        if (atEnd) e.Weak |= WeakIds.Login;
        else e.Weak &= ~WeakIds.Login;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyIds(LogEvent from, LogEvent to)
    {
        to.RouterCallKeyDay = from.RouterCallKeyDay;
        to.RouterCallKey = from.RouterCallKey;
        to.TaskId = from.TaskId;
        to.AgentId = from.AgentId;
        to.LoginId = from.LoginId;
        to.MrdId = from.MrdId;
        to.InvokeId = from.InvokeId;
        to.Weak = from.Weak;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void End()
    {
        // A direction line whose dump never came names no message.
        Events.RemoveAll(e => e.Message.Length == 0);
    }
}
