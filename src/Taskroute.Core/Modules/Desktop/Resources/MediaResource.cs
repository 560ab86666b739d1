namespace Taskroute.Core.Modules.Desktop.Resources;

/// <summary>An agent's state in one MRD, as the agent API shows it (Finesse's Media object).</summary>
public sealed record MediaResource(int MrdId, string MrdName, string State, int ReasonCode, bool Routable, int NumTasks, int MaxTaskLimit, string Availability, DateTimeOffset? StateChangedAt,
    string? PendingState = null, int? PendingReasonCode = null)
{
    /// <summary>The limit under Finesse's name, the one a media change sets it by.</summary>
    public int MaxDialogLimit => MaxTaskLimit;

    /// <summary>What the agent signed in with (ACCEPT or IGNORE; CLOSE or TRANSFER), as Finesse's Media object shows them: a client that signs in again after losing its connection compares them. Null while signed out.</summary>
    public string? InterruptAction { get; init; }

    public string? DialogLogoutAction { get; init; }

    /// <summary>
    /// Whether the MRD's tasks may be interrupted (the configuration's): while the agent holds a task of
    /// an MRD that may not, it is not available in its other MRDs (CCE's rule), and a desktop can say why.
    /// </summary>
    public bool Interruptible { get; init; } = true;

    /// <summary>The last state change a supervisor or administrator made here, while the MRD is still as they left it; null otherwise.</summary>
    public MediaChangedBy? ChangedBy { get; init; }
}
