namespace Taskroute.Server.Configuration;

/// <summary>An account as a configuration file gives it: the password only as a hash (<c>taskroute hash-password</c> makes one).</summary>
public sealed class AccountConfig
{
    public string User { get; set; } = "";

    /// <summary><c>agent</c>, <c>supervisor</c> or <c>administrator</c>.</summary>
    public string Role { get; set; } = "agent";

    public string PasswordHash { get; set; } = "";

    /// <summary>For an agent: its login id (peripheral number); the user name when omitted.</summary>
    public int? AgentLoginId { get; set; }

    /// <summary>For a supervisor: the login ids of its agents.</summary>
    public List<int> Team { get; set; } = [];
}
