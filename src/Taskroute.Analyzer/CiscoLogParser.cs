using System.Runtime.CompilerServices;
using Taskroute.Core.Flow;

namespace Taskroute.Analyzer;

/// <summary>
/// Reads CCP's three logs (public REST API, REST API, runtime) in the Cisco Log format. A line
/// becomes an event when it names a contact or a task; the rest (cut short, or about no task) is
/// counted as skipped.
/// </summary>
internal sealed class CiscoLogParser(LogSource source) : LogParser(source)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override bool OnLine(ReadOnlySpan<char> line, long number)
    {
        if (!CiscoLogLine.TryHeader(line, out var time, out _, out var mnemonic, out var rest)) return false;
        // The Task API's URLs name a contact by 32 hex digits (/ccp/task/contact/7ED5...), as its Location header gives it.
        var hasContact = Fields.TryGuid(rest, "SocialContactID=", out var contact) || Fields.TryGuid(rest, out contact) || Fields.TryGuid(rest, "/contact/", out contact);
        // The Task API's answers, when CCP logs them, carry the task id as <taskID>day_key_seq</taskID>.
        var hasTask = Fields.TryTaskId(rest, "TaskID=", out var taskId, out var seqAtEnd) || Fields.TryTaskId(rest, "<taskID>", out taskId, out seqAtEnd)
            || Fields.TryTaskId(rest, "taskID=", out taskId, out seqAtEnd);
        if (!hasContact && !hasTask) return false;

        var status = CcpStatus.Of(rest);
        var name = Name(mnemonic, rest, status);
        // A CCP log's lines are all of its component (the datastore's facility writes in two of them);
        // in a file of several components each line says whose it is.
        var component = Source.Component is LogComponent.CcpApi or LogComponent.CcpPublicApps or LogComponent.Runtime && !Source.Mixed ? Source.Component
            : ComponentDetector.OfLine(line, out _) is var own and (LogComponent.CcpApi or LogComponent.CcpPublicApps or LogComponent.Runtime) ? own : LogComponent.CcpApi;
        var e = New(component, number, name, line);
        e.Time = time.UnixMs;
        e.Offset = time.Offset;
        e.HasOffsetOfItsOwn = true;
        if (hasContact) e.ContactId = contact;
        if (hasTask)
        {
            e.RouterCallKeyDay = taskId.Day;
            e.RouterCallKey = taskId.Key;
            e.TaskId = taskId;
            if (seqAtEnd) e.Weak |= WeakIds.Sequence;
        }
        e.Status = status;
        if (Fields.TryInt(rest, "ICMAgentID=", out var agent, out var agentAtEnd) && agent > 0)
        {
            e.AgentId = agent;
            if (agentAtEnd) e.Weak |= WeakIds.Agent;
        }
        if (Fields.TryInt(rest, "Disposition=", out var disposition, out var dispositionAtEnd) && !dispositionAtEnd) e.Disposition = (Disposition)disposition;
        var selector = Fields.Word(rest, "ScriptSelector=", out var selectorAtEnd);
        if (!selector.IsEmpty && !selectorAtEnd) e.ScriptSelector = Strings.Get(selector);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string Name(ReadOnlySpan<char> mnemonic, ReadOnlySpan<char> rest, ContactStatus status)
    {
        if (mnemonic.SequenceEqual("REQUEST_INITIATED"))
        {
            if (rest.Contains("Create", StringComparison.OrdinalIgnoreCase)) return "CREATE_SOCIAL_CONTACT";
            if (rest.Contains("Delete", StringComparison.OrdinalIgnoreCase)) return "DELETE_SOCIAL_CONTACT";
            return "REQUEST_INITIATED";
        }
        if (mnemonic.SequenceEqual("REST_API_INFO"))
        {
            var word = rest;
            var end = word.IndexOfAny(' ', '%', ':');
            if (end > 0) word = word[..end];
            if (word.SequenceEqual("CONTACT_UPDATE_REQUEST") && status is ContactStatus.Handled or ContactStatus.Discarded or ContactStatus.Cancelled) return "CLOSE_TASK";
            if (word.SequenceEqual("CONTACT_CREATE_REQUEST")) return "CREATE_SOCIAL_CONTACT";
            if (word.SequenceEqual("CONTACT_DELETE_REQUEST")) return "DELETE_SOCIAL_CONTACT";
            if (word.SequenceEqual("CONTACT_STATUS_UPDATED")) return "SOCIAL_CONTACT_UPDATED";
            return word.IsEmpty ? "REST_API_INFO" : Strings.Get(word);
        }
        if (mnemonic.SequenceEqual("SOCIAL_CONTACT_PUBLISH_EVENT")) return "SOCIAL_CONTACT_UPDATED";
        return Strings.Get(mnemonic);
    }
}
