namespace Taskroute.Cluster;

/// <summary>
/// One routing domain, keyed by its name: the deterministic routing core behind a fenced journal.
/// Commands travel in the journal's own encoding and are stamped with the grain's clock, so what the
/// grain executes is exactly what it journals and what a new activation replays.
/// </summary>
[Alias("Taskroute.IRoutingDomainGrain")]
public interface IRoutingDomainGrain : IGrainWithStringKey
{
    /// <summary>Runs a command (encoded by the storage's command codec; its time is replaced by now) and answers once it is durable.</summary>
    [Alias("Execute")]
    Task<DomainAnswer> Execute(string command);

    /// <summary>
    /// Submits a task (a <c>SubmitTask</c> in the command codec). With an idempotency key the domain
    /// already took within a day, answers that first submit's contact instead (<c>Replayed</c>), or
    /// <see cref="DomainAnswer.KeyReused"/> when the first asked for a different task.
    /// </summary>
    [Alias("Submit")]
    Task<DomainAnswer> Submit(string command, string? idempotencyKey);

    [Alias("Contact")]
    Task<ContactAnswer?> Contact(Guid contactId);

    /// <summary>
    /// Cancels the contact if it is still as it was read (its status and when that last changed),
    /// checked and cancelled in one turn, so that an <c>If-Match</c> holds; <see cref="DomainAnswer.Changed"/> if not.
    /// </summary>
    [Alias("CancelIfUnchanged")]
    Task<DomainAnswer> CancelIfUnchanged(Guid contactId, string status, long statusChangedAt);

    /// <summary>A page of the domain's contacts in the order they were created, those in <paramref name="statuses"/> (ContactStatus values; empty: all).</summary>
    [Alias("Contacts")]
    Task<IReadOnlyList<ContactAnswer>> Contacts(int[] statuses, int skip, int take);

    [Alias("Agent")]
    Task<IReadOnlyList<AgentMediaAnswer>> Agent(int loginId);

    /// <summary>The agent's open dialogs by task id (<c>day:key:seq</c>).</summary>
    [Alias("Dialogs")]
    Task<IReadOnlyList<string>> Dialogs(int loginId);

    /// <summary>The agent as the agent API shows it (JSON), or null when the domain has no such agent.</summary>
    [Alias("AgentResource")]
    Task<string?> AgentResource(int loginId);

    /// <summary>The agent's open dialogs as the agent API shows them (a JSON array), or null when the domain has no such agent.</summary>
    [Alias("DialogResources")]
    Task<string?> DialogResources(int loginId);

    /// <summary>The dialog (by any form of its task id) and its agent, or null when no agent holds it.</summary>
    [Alias("DialogResource")]
    Task<DialogAnswer?> DialogResource(string dialogId);

    /// <summary>
    /// A media change's commands (each in the command codec), run in order until one is refused, as
    /// one change; answered once durable with the agent after it (<see cref="DomainAnswer.Resource"/>).
    /// </summary>
    [Alias("ChangeMedia")]
    Task<DomainAnswer> ChangeMedia(int loginId, string[] commands);

    /// <summary>A dialog step (an <c>ActOnDialog</c>) under Finesse's rules; answered once durable with the dialog after it, or the closed dialog.</summary>
    [Alias("ActOnDialog")]
    Task<DomainAnswer> ActOnDialog(string command);

    /// <summary>
    /// Sends the agent's updates to the observer once they are durable, for a minute, as
    /// <see cref="Listen"/> does but without word of a move; kept for front ends of the version before.
    /// </summary>
    [Alias("Subscribe")]
    Task Subscribe(int loginId, IAgentUpdateObserver observer);

    /// <summary>
    /// Sends the agent's updates, numbered, to the observer once they are durable, for a minute, and a
    /// last one (<see cref="AgentUpdate.Moving"/>) when this activation deactivates. Answers where the
    /// agent's updates stand, so the listener knows the number of the next and, when it listens
    /// again (well within the minute), whether it missed any or the domain has moved.
    /// </summary>
    [Alias("Listen")]
    Task<AgentUpdatePosition> Listen(int loginId, IAgentUpdateObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(int loginId, IAgentUpdateObserver observer);

    /// <summary>How many records the journal holds.</summary>
    [Alias("JournalLength")]
    Task<long> JournalLength();

    /// <summary>Where this activation started: the journal record of the snapshot it restored (0 for none) and how many commands it replayed after it.</summary>
    [Alias("Activation")]
    Task<(long RestoredSnapshot, int Replayed)> Activation();
}
