namespace Taskroute.Core.Engine;

/// <summary>
/// Versions of the router's rules. The journal holds commands, and a restart replays them into the
/// engine: a command must route on replay exactly as it routed when it ran, or tasks come back in
/// other hands than they were. So a build that changes how scripts route does not change it for
/// what already happened: a journal replays under the rules it ran under, and the server raises them
/// with a journaled <see cref="Commands.UpgradeRouting"/> once the replay is done, from that moment on.
/// </summary>
public static class RoutingRules
{
    /// <summary>
    /// The rules before versions: a task follows one precision queue at a time (a second queue node
    /// naming one drops the first's steps); a queue node naming a target the task already waits in
    /// changes nothing, and for a precision queue starts its steps over; a priority raise set by a
    /// queue node reached after the task was queued never starts.
    /// </summary>
    public const int First = 1;

    /// <summary>
    /// A task queued to several precision queues walks the steps of each in parallel, as CCE's router
    /// does; a queue node naming a target the task already waits in gives it that node's priority there
    /// (a precision queue keeps its steps); a priority raise starts from the node that sets it.
    /// </summary>
    public const int ParallelPrecisionQueues = 2;

    /// <summary>
    /// An offer made while the engine catches up on deadlines that passed before a command came (a
    /// restart after an outage: a RONA, a wait, a queue step firing at its own past time) rings from
    /// that command, not from the deadline that made it. Before, the ring timeout of such an offer had
    /// passed already, so it rang out at once and the next ready agent was offered the task and rang
    /// out in turn: after a few minutes down, a whole team was left not routable, with RONAs in the
    /// reports for offers no desktop was shown.
    /// </summary>
    public const int RingFromWhenSeen = 3;

    /// <summary>
    /// A precision queue's step keeps the deadline it was given when the task reached it. A task
    /// taken back from an agent (a ring-out, the agent signed out before starting it) resumes its
    /// walk at that deadline, and a step whose wait ran out while the task was at the agent moves on
    /// as the task comes back. Before, the step's whole wait started over on every return, so a task
    /// that rang out reached its wider steps later than one that arrived after it.
    /// </summary>
    public const int StepsKeepTheirDeadlines = 4;

    /// <summary>
    /// A task an agent takes the moment its script queues it has its place in line from that moment,
    /// as a task that waits does, so a ring-out puts it back by that first arrival. Before, only a
    /// task that had waited had a place: one routed at once came back with none, ahead of every task
    /// of its priority that was waiting already, and of several such tasks the first to ring out came
    /// first, so an agent made routable again after its ring-outs was given later tasks before older.
    /// </summary>
    public const int PlaceInLineFromFirstQueueNode = 5;

    /// <summary>What this build routes by.</summary>
    public const int Current = PlaceInLineFromFirstQueueNode;
}
