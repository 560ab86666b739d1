using Taskroute.Core.Engine;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Modules.Desktop;

/// <summary>
/// Finesse's rules for a desktop's dialog steps that are stricter than the engine's. The APIs (the
/// server's and the cluster's) apply them before a command is made, and the engine does not: the
/// journal replays the commands it holds under the engine's rules, and one that an earlier version
/// took must replay the same.
/// </summary>
public static class DialogRules
{
    /// <summary>The refusal of <paramref name="action"/> on <paramref name="dialog"/> (a close with <paramref name="disposition"/>, a transfer to <paramref name="scriptSelector"/>), or null when Finesse allows it.</summary>
    public static CommandResult? Refusal(RoutingEngine engine, Dialog dialog, DialogAction action, Disposition disposition, string? scriptSelector = null)
    {
        // A desktop's CLOSE says its agent ended the task. Every other code says something the
        // router or the peripheral found (a ring-out, an abandon, a sign-out, a lifetime run out, a
        // bad script selector): taken from an agent, it would misreport the task (19 closed a started
        // task as a ring-out, and told the agent it was not started in time).
        if (action == DialogAction.Close && disposition is not (Disposition.None or Disposition.NormalEndTask) && !disposition.IsTransfer())
            return new CommandResult(ArmStatus.InvalidArgument,
                $"disposition: {(int)disposition} ({disposition}) is set only by the router and the peripheral, never by a desktop: a CLOSE takes 38 (NormalEndTask) or none");
        // Finesse allows an OFFERED dialog only ACCEPT: an agent cannot end a task it never took,
        // which would discard the customer's task. (A close after ACCEPT and before START is the
        // customer leaving while offered.)
        if (action == DialogAction.Close && engine.ShownState(dialog) == DialogState.OFFERED)
            return new CommandResult(ArmStatus.InvalidMessageSequence,
                "CLOSE is not valid for a dialog that is OFFERED: ACCEPT it, or leave it to ring out and go back to the queue");
        // While the agent works a non-interruptible task, its interrupted MRD's dialogs wait: a dialog
        // started then would be ACTIVE on the agent's event stream yet INTERRUPTED when read.
        if (action == DialogAction.Start && IsMrdInterrupted(engine, dialog))
            return new CommandResult(ArmStatus.NotValidAfterInterruptAdvisoryAccept,
                "START is not valid while the dialog's MRD is INTERRUPTED: the agent is working a task of a non-interruptible MRD; start this one when that ends");
        // A transfer is admitted as a submit is: into a full queue the router would drop the task
        // it makes, and the customer with it. Refused, the task stays with the agent, who can try
        // again or transfer elsewhere.
        // (Only for a dialog the engine would transfer: another's refusal says its state, not a retry.)
        if (action == DialogAction.Transfer && scriptSelector is not null && engine.ShownState(dialog) is DialogState.ACTIVE or DialogState.PAUSED or DialogState.WRAPPING_UP
            && engine.FullQueue(scriptSelector) is { } full)
            return new CommandResult(ArmStatus.QueueFull,
                $"{RoutingEngine.QueueFullMessage(full.MrdId, full.Max)}: the task stays with the agent; transfer it later or to another script selector");
        return null;
    }

    private static bool IsMrdInterrupted(RoutingEngine engine, Dialog dialog)
    {
        var media = engine.AgentMedia(dialog.AgentId);
        for (var i = 0; i < media.Count; i++)
            if (media[i].MrdId == dialog.MrdId) return media[i].State == AgentState.INTERRUPTED;
        return false;
    }
}
