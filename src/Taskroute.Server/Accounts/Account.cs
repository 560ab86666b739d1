namespace Taskroute.Server.Accounts;

/// <summary>
/// Someone who may sign in: an agent (by login id), a supervisor of some agents, or an
/// administrator. Only a salted hash of the password is kept.
/// </summary>
public sealed record Account(string User, Role Role, string PasswordHash, int AgentLoginId = 0, IReadOnlySet<int>? Team = null)
{
    /// <summary>Whether this account may see and act on the agent with this login id.</summary>
    public bool Oversees(int loginId) => Role switch
    {
        Role.Administrator => true,
        Role.Supervisor => Team?.Contains(loginId) ?? false,
        _ => AgentLoginId == loginId,
    };

    /// <summary>Whether this account is the agent with this login id itself, not someone overseeing it.</summary>
    public bool IsAgent(int loginId) => Role == Role.Agent && AgentLoginId == loginId;
}
