using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Server.Hosting;

/// <summary>
/// The dialogs each agent lost while it had no desktop open (a ring-out, a supervisor's or the
/// presence timeout's sign-out, a task's time limit), for its desktop to tell once it is back: their
/// closing updates went to no one, and the dialogs list shows only what the agent still holds. Read
/// from the same durable events the desktops get, and kept in memory: a restart forgets them.
/// </summary>
public sealed class AwayDialogs
{
    /// <summary>How many an agent's list keeps, the latest: a desktop gone for a day tells the last of them, not a shift's.</summary>
    public const int Kept = 20;

    // The tasks offered, by dialog, for their titles once they close: the closing update carries none.
    private const int OpenKept = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<int, Dictionary<IcmTaskId, (string? Title, string? Name)>> _open = [];
    private readonly Dictionary<int, List<ClosedWhileAway>> _closed = [];

    /// <summary>Called on the writer loop with a durable batch; the hub says whether an agent has a desktop of its own open.</summary>
    internal void Note(ReadOnlySpan<FlowEvent> events, AgentEventHub hub)
    {
        foreach (ref readonly var e in events)
        {
            if (e.To != Module.Desktop || e.LoginId == 0) continue;
            switch (e.Message)
            {
                case MessageType.AGENT_PRE_CALL_EVENT:
                    lock (_lock)
                    {
                        if (!_open.TryGetValue(e.LoginId, out var open)) _open[e.LoginId] = open = [];
                        // Dialogs closed by a way that told the desktop nothing would pile up otherwise.
                        if (open.Count >= OpenKept) open.Clear();
                        open[e.TaskId] = (e.Data?.Title, e.Data?.Name);
                    }
                    break;
                case MessageType.END_TASK_EVENT or MessageType.AGENT_PRE_CALL_ABORT_EVENT:
                    Closed(e, hub.Streams(e.LoginId) > 0);
                    break;
            }
        }
    }

    private void Closed(in FlowEvent e, bool present)
    {
        lock (_lock)
        {
            (string? Title, string? Name) task = default;
            if (_open.TryGetValue(e.LoginId, out var open)) open.Remove(e.TaskId, out task);
            if (present) return;
            if (!_closed.TryGetValue(e.LoginId, out var closed)) _closed[e.LoginId] = closed = [];
            if (closed.Count == Kept) closed.RemoveAt(0);
            closed.Add(new ClosedWhileAway(e.TaskId.ToDialogId(), task.Title, task.Name, e.MrdId, Outcome(e), (int)e.Disposition, e.Disposition.ToString(), e.Text,
                DateTimeOffset.FromUnixTimeMilliseconds(e.Time)));
        }
    }

    // An offer taken back (a ring-out, a sign-out before it started) goes back to its queue; a started
    // task is closed, or transferred where the agent signed in with TRANSFER.
    private static string Outcome(in FlowEvent e) =>
        e.Message == MessageType.AGENT_PRE_CALL_ABORT_EVENT ? "requeued"
        : e.Disposition == Disposition.TaskTransferredOnAgentLogout ? "transferred"
        : "ended";

    /// <summary>The agent's dialogs closed while it was away, oldest first.</summary>
    public IReadOnlyList<ClosedWhileAway> Of(int loginId)
    {
        lock (_lock) return _closed.TryGetValue(loginId, out var closed) ? [.. closed] : [];
    }
}
