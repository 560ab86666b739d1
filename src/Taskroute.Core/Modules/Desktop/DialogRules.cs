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
    /// <summary>The refusal of <paramref name="action"/> on <paramref name="dialog"/>, or null when Finesse allows it.</summary>
    public static CommandResult? Refusal(RoutingEngine engine, Dialog dialog, DialogAction action) =>
        // Finesse allows an OFFERED dialog only ACCEPT: an agent cannot end a task it never took,
        // which would discard the customer's task. (A close after ACCEPT and before START is the
        // customer leaving while offered.)
        action == DialogAction.Close && engine.ShownState(dialog) == DialogState.OFFERED
            ? new CommandResult(ArmStatus.InvalidMessageSequence,
                "CLOSE is not valid for a dialog that is OFFERED: ACCEPT it, or leave it to ring out and go back to the queue")
            : null;
}
