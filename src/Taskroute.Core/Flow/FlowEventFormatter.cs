using System.Text;

namespace Taskroute.Core.Flow;

/// <summary>
/// The canonical one-line text of a flow event: every field that is set, in a fixed order. Two
/// engines given the same commands produce the same lines, which is how replay is checked.
/// </summary>
public static class FlowEventFormatter
{
    public static string Format(in FlowEvent e)
    {
        var b = new StringBuilder(160);
        b.Append(e.Time).Append(' ').Append(e.From).Append("->").Append(e.To).Append(' ').Append(e.Message);
        if (e.Task != 0) b.Append(" task=").Append(e.Task);
        if (e.ContactId != Guid.Empty) b.Append(" contact=").Append(e.ContactId.ToString("D"));
        if (e.DialogueId != 0) b.Append(" dialogue=").Append(e.DialogueId);
        if (!e.TaskId.IsNone && e.TaskId != default) b.Append(" taskId=").Append(e.TaskId.ToString());
        if (e.ScriptSelector is not null) b.Append(" selector=").Append(e.ScriptSelector);
        if (e.SkillGroupId != 0) b.Append(" skillGroup=").Append(e.SkillGroupId);
        if (e.PrecisionQueueId != 0) b.Append(" precisionQueue=").Append(e.PrecisionQueueId);
        if (e.AgentId != 0) b.Append(" agent=").Append(e.AgentId);
        if (e.LoginId != 0) b.Append(" login=").Append(e.LoginId);
        if (e.MrdId != 0) b.Append(" mrd=").Append(e.MrdId);
        if (e.Message is MessageType.AGENT_EVENT or MessageType.AGENT_UPDATE or MessageType.REQUEUE_TASK or MessageType.AGENT_INTERRUPT_ADVISORY_EVENT or MessageType.AGENT_INTERRUPT_DONE_ADVISORY_EVENT)
        {
            b.Append(" state=").Append(e.AgentState).Append(" reason=").Append(e.ReasonCode)
             .Append(" numTasks=").Append(e.NumTasks).Append(" max=").Append(e.MaxTaskLimit)
             .Append(" routable=").Append(e.Routable ? 1 : 0).Append(" availability=").Append(e.Availability);
        }
        if (e.Message == MessageType.MEDIA_LOGIN_REQ)
            b.Append(" max=").Append(e.MaxTaskLimit).Append(" interruptAction=").Append(e.InterruptAction).Append(" dialogLogoutAction=").Append(e.DialogLogoutAction);
        if (e.Message is MessageType.MAKE_AGENT_NOT_READY_REQ or MessageType.MEDIA_LOGOUT_IND) b.Append(" reason=").Append(e.ReasonCode);
        if (e.Message == MessageType.AGENT_PENDING_STATE_EVENT)
            b.Append(" pending=").Append(e.AgentState == AgentState.LOGIN ? "none" : e.AgentState.ToString()).Append(" reason=").Append(e.ReasonCode);
        if (e.Message == MessageType.CHANGE_MAX_TASK_LIMIT_REQ) b.Append(" max=").Append(e.MaxTaskLimit);
        if (e.ContactStatus != ContactStatus.None) b.Append(" status=").Append(e.ContactStatus);
        if (e.Disposition != Disposition.None) b.Append(" disposition=").Append((int)e.Disposition).Append('(').Append(e.Disposition).Append(')');
        if (e.Priority != 0) b.Append(" priority=").Append(e.Priority);
        if (e.Deadline != 0) b.Append(" deadline=").Append(e.Deadline);
        if (e.Rule != RoutingRule.None) b.Append(" rule=").Append(e.Rule).Append(" candidates=").Append(e.Candidates);
        if (e.Status != ArmStatus.Success) b.Append(" status=").Append(e.Status);
        if (e.Text is not null) b.Append(" text=").AppendEscaped(e.Text);
        if (e.Data is { } d && e.Message == MessageType.CREATE_SOCIAL_CONTACT)
        {
            b.Append(" name=").AppendEscaped(d.Name).Append(" title=").AppendEscaped(d.Title);
            if (d.Description is not null) b.Append(" description=").AppendEscaped(d.Description);
            for (var i = 0; i < d.CallVariables.Count; i++)
                if (d.CallVariables[i] is { } cv) b.Append(" cv_").Append(i + 1).Append('=').AppendEscaped(cv);
            foreach (var (name, value) in d.EccVariables) b.Append(" user_").AppendEscaped(name).Append('=').AppendEscaped(value);
            if (d.Tags.Count > 0) b.Append(" tags=").AppendEscaped(string.Join(',', d.Tags));
            if (d.Priority != 0) b.Append(" taskPriority=").Append(d.Priority);
            if (d.PreferredAgentId != 0) b.Append(" preferredAgent=").Append(d.PreferredAgentId);
            if (!d.PreviousTask.IsNone) b.Append(" previousTask=").Append(d.PreviousTask.ToString());
        }
        return b.ToString();
    }

    /// <summary>Keeps one event on one line: line breaks and backslashes in free text are escaped.</summary>
    private static StringBuilder AppendEscaped(this StringBuilder b, string text)
    {
        if (text.AsSpan().IndexOfAny('\\', '\n', '\r') < 0) return b.Append(text);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => b.Append("\\\\"),
                '\n' => b.Append("\\n"),
                '\r' => b.Append("\\r"),
                _ => b.Append(c),
            };
        }
        return b;
    }
}
