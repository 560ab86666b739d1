namespace Taskroute.Core.Flow;

/// <summary>What happens to an agent's started tasks when it signs out of the MRD (Finesse's dialogLogoutAction).</summary>
public enum DialogLogoutAction : byte
{
    Close,
    Transfer,
}
