using Taskroute.Server.Accounts;

namespace Taskroute.Server.Api.Agents;

/// <summary>
/// Who may see or act for an agent: an agent only itself, a supervisor its team (reading, and
/// changing states where allowed), an administrator everyone. One rule for the REST API and the
/// agent channel.
/// </summary>
internal static class AgentAccess
{
    /// <summary>Why the account may not do it, or null when it may.</summary>
    public static string? Denial(Account account, int loginId, bool act, bool supervisorMay = false)
    {
        var allowed = account.Role switch
        {
            Role.Administrator => true,
            Role.Supervisor => account.Oversees(loginId) && (!act || supervisorMay),
            _ => account.AgentLoginId == loginId,
        };
        return allowed ? null : $"{account.User} may not {(act ? "act for" : "see")} agent {loginId}";
    }

    /// <summary>
    /// Whether a dialog of agent <paramref name="loginId"/> is answered to <paramref name="account"/>
    /// as not there: an agent's. Dialog ids are sequential, and a 403 for one that exists (a 404 for
    /// one that does not) told any agent who held which task. A supervisor's 403 says only that the
    /// agent is not in its team.
    /// </summary>
    public static bool HidesDialog(Account account, int loginId) => account.Role == Role.Agent && account.AgentLoginId != loginId;

    /// <summary>
    /// As in Finesse, a supervisor makes a signed-in agent ready or not ready or signs it out, but does
    /// not sign it in: a sign-in sets the desktop's own task limit and actions.
    /// </summary>
    public static string? SignInDenial(Account account, int loginId, string? state) =>
        account.Role == Role.Supervisor && string.Equals(state?.Trim(), "LOGIN", StringComparison.OrdinalIgnoreCase)
            ? $"{account.User} may change agent {loginId}'s state or sign it out, not sign it in: an agent signs in from its desktop"
            : null;
}
