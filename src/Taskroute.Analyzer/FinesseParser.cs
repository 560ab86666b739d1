using System.Runtime.CompilerServices;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Analyzer;

/// <summary>
/// Reads Finesse's webservices log. Its bracketed ids name the dialog (the task id with
/// underscores) and the agent's login; CTI message lines name the message after Sending/Received.
/// Lines that name no id are counted as skipped.
/// </summary>
internal sealed class FinesseParser(LogSource source) : LogParser(source)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override bool OnLine(ReadOnlySpan<char> line, long number)
    {
        if (!FinesseLine.TryHeader(line, out var callId, out var agentId, out var time, out var rest)) return OnCiscoLogLine(line, number);
        var text = Text(rest);
        // Later Finesse versions write the CTI message in this form too, with empty id brackets; a
        // message the flow does not know is read as any other line, by the ids in its brackets.
        if (text.Contains("cti_message=CTI", StringComparison.Ordinal) && OnCtiMessage(line, number, time, text, agentId)) return true;

        // Every key=value field is looked for only when the text has an '=' at all (dialog and
        // notification lines have none).
        var fields = text.Contains('=');
        var hasTask = Fields.TryTaskId(callId, out var taskId, out _) || (fields && Fields.TryTaskId(text, "taskId=", out taskId, out _));
        var login = Fields.TryLeadingInt(agentId, out var l, out _) ? l : 0;
        if (login == 0 && fields && Fields.TryInt(text, "agentId=", out var l2, out var loginAtEnd) && !loginAtEnd) login = l2;
        var agent = fields && Fields.TryInt(text, "icmAgentId=", out var a, out var agentAtEnd) && !agentAtEnd ? a : 0;
        var hasContact = Fields.TryGuid(text, out var contact);
        if (!hasTask && login == 0 && agent == 0 && !hasContact) return false;

        var name = Name(text);
        // The agent's own REST requests (signing in, going ready) and the media publications that follow
        // them (DEBUG): the CTI messages and agent events logged with them say the same to the flow,
        // so they are read and passed over, not counted among the lines that could not be read.
        if (name is null && !hasTask && !hasContact && login != 0 && (IsRestRequest(text) || text.StartsWith("Publishing ", StringComparison.Ordinal))) return true;
        if (name is null && !hasTask && !hasContact) return false;
        var e = Stamped(number, name ?? "DIALOG_UPDATE", line, time, hasTask ? taskId : null);
        e.LoginId = login;
        e.AgentId = agent;
        if (hasContact) e.ContactId = contact;
        if ((fields && Fields.TryInt(text, "mrdId=", out var mrd)) || Fields.TryInt(text, "mediaId ", out mrd)) e.MrdId = mrd;
        if (fields)
        {
            if (Fields.TryInt(text, "invokeId=", out var invoke, out var invokeAtEnd) && !invokeAtEnd) e.InvokeId = invoke;
            if (Fields.TryInt(text, "disposition=", out var disposition, out var dispositionAtEnd) && !dispositionAtEnd) e.Disposition = (Disposition)disposition;
            var state = Fields.Word(text, "state=", out var stateAtEnd);
            if (!stateAtEnd && MessageRoutes.State(state) is { } s) e.AgentState = s;
        }
        if (name is "CLOSE_TASK")
        {
            var status = Fields.Word(text, "status ", out _);
            e.Status = MessageRoutes.Status(status);
        }
        if (name is null && text.StartsWith("Dialog ", StringComparison.Ordinal))
        {
            var dialogState = Fields.Word(text, " state ", out var dialogStateAtEnd);
            if (!dialogStateAtEnd) e.Detail = Strings.Get("dialog ", dialogState);
        }
        return true;
    }

    // Both of Finesse's line forms carry their own offset, and the task when they name one.
    private LogEvent Stamped(long number, string name, ReadOnlySpan<char> line, CiscoStamp time, IcmTaskId? taskId)
    {
        var e = New(LogComponent.WebServices, number, name, line);
        e.Time = time.UnixMs;
        e.Offset = time.Offset;
        e.HasOffsetOfItsOwn = true;
        if (taskId is { } task)
        {
            e.TaskId = task;
            e.RouterCallKeyDay = task.Day;
            e.RouterCallKey = task.Key;
        }
        return e;
    }

    // Finesse 12.0 and earlier write Cisco Log lines: the CTI message it sent or decoded, as
    // "%[cti_message=CTIOfferTaskEvent [peripheralID=5000, ..., taskID=154526:37051928:1, icmAgentID=5172, ...]]".
    // The same message text is read from either line form.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool OnCiscoLogLine(ReadOnlySpan<char> line, long number)
    {
        if (!CiscoLogLine.TryHeader(line, out var time, out _, out _, out var rest)) return false;
        return OnCtiMessage(line, number, time, rest, []);
    }

    /// <summary><paramref name="agentBracket"/> is what the line's <c>[agent-id [...]]</c> holds: the agent's login, which most CTI messages do not name.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool OnCtiMessage(ReadOnlySpan<char> line, long number, CiscoStamp time, ReadOnlySpan<char> rest, ReadOnlySpan<char> agentBracket)
    {
        var at = rest.IndexOf("cti_message=CTI", StringComparison.Ordinal);
        if (at < 0) return false;
        var message = rest[(at + 15)..];
        var stop = message.IndexOfAny(' ', '[', ']');
        if (stop <= 0) return false;
        var name = CtiMessageName(message[..stop]);
        if (name is null) return false;
        var fields = message[stop..];
        var hasTask = Fields.TryTaskId(fields, "taskID=", out var taskId, out var seqAtEnd);
        var agent = Fields.TryInt(fields, "icmAgentID=", out var a, out var agentAtEnd) && !agentAtEnd ? a : 0;
        var login = Fields.TryInt(fields, " agentID=", out var l, out var loginAtEnd) && !loginAtEnd ? l
            : Fields.TryLeadingInt(agentBracket, out var bracketed, out _) ? bracketed : 0;
        if (!hasTask && agent == 0 && login == 0) return false;

        var e = Stamped(number, name, line, time, hasTask ? taskId : null);
        if (hasTask && seqAtEnd) e.Weak |= WeakIds.Sequence;
        e.AgentId = agent;
        e.LoginId = login;
        if (Fields.TryInt(fields, "mrdID=", out var mrd)) e.MrdId = mrd;
        if (Fields.TryInt(fields, "invokeID=", out var invoke, out var invokeAtEnd) && !invokeAtEnd) e.InvokeId = invoke;
        if (name == "AGENT_EVENT")
        {
            // CTI names the MRD of every agent state but voice's: a whole line without one is the voice state.
            e.VoiceState = e.MrdId == 0 && Closed(fields);
            // "agentState=8 (RESERVED)": the name in brackets.
            var state = Fields.Word(fields, "agentState=", out _);
            var open = fields.IndexOf("agentState=", StringComparison.Ordinal);
            var named = open < 0 ? [] : fields[(open + 11 + state.Length)..];
            if (named.StartsWith(" (", StringComparison.Ordinal) && named.IndexOf(')') is var close and > 2)
            {
                var word = named[2..close];
                if (MessageRoutes.State(word) is { } s) e.AgentState = s;
                else e.Detail = Strings.Get(word);
            }
        }
        return true;
    }

    // The message's bracket, from its first '[', is closed: the line was not cut inside its fields.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Closed(ReadOnlySpan<char> fields)
    {
        var depth = 0;
        foreach (var c in fields)
        {
            if (c == '[') depth++;
            else if (c == ']' && --depth == 0) return true;
        }
        return false;
    }

    // CTI's class names: CTIOfferTaskEvent is OFFER_TASK_EVENT; CTIAgentStateEvent the agent's state change (AGENT_EVENT).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? CtiMessageName(ReadOnlySpan<char> camel)
    {
        if (camel.SequenceEqual("AgentStateEvent")) return "AGENT_EVENT";
        if (camel.Length > 60) return null;
        Span<char> name = stackalloc char[camel.Length * 2];
        var n = 0;
        for (var i = 0; i < camel.Length; i++)
        {
            var c = camel[i];
            if (char.IsAsciiLetterUpper(c) && i > 0) name[n++] = '_';
            name[n++] = char.ToUpperInvariant(c);
        }
        return Strings.IsMessageName(name[..n]) ? Strings.Get(name[..n]) : null;
    }

    // "[thread]: [class]: text": the text after the second bracket.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<char> Text(ReadOnlySpan<char> rest)
    {
        for (var i = 0; i < 2; i++)
        {
            if (!rest.StartsWith("[", StringComparison.Ordinal)) break;
            var end = rest.IndexOf("]: ", StringComparison.Ordinal);
            if (end < 0) return [];
            rest = rest[(end + 3)..];
        }
        return rest;
    }

    // "PUT /finesse/api/User/1080/Media/5011 for MAKE_AGENT_READY_IND": a request to Finesse's REST API.
    private static bool IsRestRequest(ReadOnlySpan<char> text) =>
        (text.StartsWith("PUT ", StringComparison.Ordinal) || text.StartsWith("GET ", StringComparison.Ordinal) || text.StartsWith("POST ", StringComparison.Ordinal))
        && text.Contains(" /finesse/api/", StringComparison.Ordinal);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? Name(ReadOnlySpan<char> text)
    {
        if (text.StartsWith("Sending close request", StringComparison.Ordinal)) return "CLOSE_TASK";
        if (text.StartsWith("Sending ", StringComparison.Ordinal) || text.StartsWith("Received ", StringComparison.Ordinal))
        {
            var name = text[(text.IndexOf(' ') + 1)..];
            var end = name.IndexOfAny(' ', '{', ',');
            if (end >= 0) name = name[..end];
            if (Strings.IsMessageName(name)) return Strings.Get(name);
        }
        return null;
    }
}
