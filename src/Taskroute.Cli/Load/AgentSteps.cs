using Taskroute.Cli.Commands;
using Taskroute.Core.Flow;

namespace Taskroute.Cli.Load;

/// <summary>
/// What a simulated agent on its channel does with each message: an offer starts ACCEPT, each step's
/// reply brings the next (START, then CLOSE), and CLOSE's reply ends the lifecycle. The next task's
/// offer can come before the last task's CLOSE is answered, so the CLOSE waits apart.
/// </summary>
internal sealed class AgentSteps(LifecycleTally tally)
{
    private long _next, _stepId, _closeId;
    private string? _dialog;
    private DialogAction _action = DialogAction.Accept;

    /// <summary>Whether the step due is CLOSE, which waits out the agent's service time first.</summary>
    public bool CloseIsDue => _action == DialogAction.Close;

    /// <summary>Counts what <paramref name="message"/> ends and answers whether a step is due now.</summary>
    public bool Read(in ChannelMessage message)
    {
        var due = false;
        if (message.Offered)
        {
            (_dialog, _action, due) = (message.DialogId, DialogAction.Accept, true);
        }
        else if (message.Reply && _closeId != 0 && message.Id == _closeId)
        {
            _closeId = 0;
            if (message.Status == 200) tally.Lifecycle();
            else tally.Error();
        }
        else if (message.Reply && _stepId != 0 && message.Id == _stepId)
        {
            _stepId = 0;
            if (message.Status != 200) { tally.Error(); _dialog = null; }
            else (_action, due) = (_action == DialogAction.Accept ? DialogAction.Start : DialogAction.Close, true);
        }
        return due && _dialog is not null;
    }

    /// <summary>Writes the step due into <paramref name="into"/> and answers its length; 0 when no dialog is left to step.</summary>
    public int Write(Span<byte> into)
    {
        if (_dialog is null) return 0;
        var id = ++_next;
        var length = ChannelMessage.Step(into, id, _dialog, _action);
        if (_action == DialogAction.Close) (_closeId, _dialog) = (id, null);
        else _stepId = id;
        return length;
    }
}
