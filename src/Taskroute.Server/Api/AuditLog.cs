using Microsoft.Extensions.Logging;

namespace Taskroute.Server.Api;

/// <summary>
/// What one account did to another's work or to the server, said in the server's log with who did
/// it: the journal records what happened to an agent, not who asked for it, and a supervisor's
/// Not Ready or sign-out otherwise reads as the agent's own.
/// </summary>
public static partial class AuditLog
{
    /// <summary>The logger's category, to route these lines apart.</summary>
    public const string Category = "Taskroute.Audit";

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} ({Role}) changed agent {LoginId} in MRD {MrdId}: {Change}")]
    public static partial void AgentChanged(ILogger logger, string user, string role, int loginId, int mrdId, string change);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{User} set component {Component}'s log level to {Level}")]
    public static partial void LogLevelChanged(ILogger logger, string user, string component, string level);
}
