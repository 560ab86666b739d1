using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Modules.Desktop;

namespace Taskroute.Server.Api.Agents;

/// <summary>
/// Finesse's rules for a desktop's dialog steps that are stricter than the engine's. They are kept
/// here, before a command is made, and not in the engine: the journal replays the commands it holds
/// under the engine's rules, and one that an earlier version took must replay the same.
/// </summary>
internal static class DialogRules
{
    /// <summary>The refusal of <paramref name="step"/> on <paramref name="dialog"/>, or null when Finesse allows it.</summary>
    public static CommandResult? Refusal(RoutingEngine engine, Dialog dialog, DialogStep step) =>
        // Finesse allows an OFFERED dialog only ACCEPT: an agent cannot end a task it never took,
        // which would discard the customer's task. (A close after ACCEPT and before START is the
        // customer leaving while offered.)
        step.Action == DialogAction.Close && engine.ShownState(dialog) == DialogState.OFFERED
            ? new CommandResult(ArmStatus.InvalidMessageSequence,
                "CLOSE is not valid for a dialog that is OFFERED: ACCEPT it, or leave it to ring out and go back to the queue")
            : null;
}
