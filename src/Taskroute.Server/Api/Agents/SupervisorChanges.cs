using System.Collections.Concurrent;
using Taskroute.Core.Commands;
using Taskroute.Core.Modules.Desktop.Resources;
using Taskroute.Server.Accounts;

namespace Taskroute.Server.Api.Agents;

/// <summary>
/// Who, other than the agent, last changed an agent's state in an MRD, for its desktop to say so.
/// The journal's commands do not name who sent them, and snapshots would need a new format to keep
/// it: this is kept in the server's memory only, and a restart forgets it (the audit log keeps the
/// line). Kept per agent and MRD, so it is bounded by the configuration, not by time.
/// </summary>
public sealed class SupervisorChanges
{
    private readonly ConcurrentDictionary<(int LoginId, int MrdId), Change> _changes = new();

    private sealed record Change(string Role, string User, string State, int ReasonCode, long Time);

    /// <summary>
    /// Notes a state change the account made for the agent, at the time its command carried; the
    /// agent's own change forgets the last one made for it (it chose its state since).
    /// </summary>
    public void Record(Account account, int loginId, int mrdId, string? state, int? reasonCode, long time)
    {
        if (account.IsAgent(loginId))
        {
            if (state is not null) _changes.TryRemove((loginId, mrdId), out _);
            return;
        }
        // A routable flag alone is not a state the desktop would have to explain, and a supervisor does not sign agents in.
        if (state?.ToUpperInvariant() is not ({ } upper and ("READY" or "NOT_READY" or "LOGOUT"))) return;
        _changes[(loginId, mrdId)] = new Change(account.Role == Role.Administrator ? "administrator" : "supervisor", account.User, upper, reasonCode ?? 0, time);
    }

    /// <summary>The commands as given, each telling <paramref name="at"/> the time it is made with: the change's time as the journal keeps it.</summary>
    public static List<Func<long, Command>> Timed(IEnumerable<Func<long, Command>> commands, Action<long> at) =>
        [.. commands.Select(make => new Func<long, Command>(now =>
        {
            at(now);
            return make(now);
        }))];

    /// <summary>
    /// The agent's media, each with the change another account made while it still holds: the MRD
    /// is in the state it was put in, or has not changed state since (a Not Ready that waited for
    /// the agent's tasks to end). A later sign-out by the presence timeout, say, is not theirs.
    /// </summary>
    public AgentResource With(AgentResource agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (_changes.IsEmpty) return agent;
        var media = agent.Media.Select(m =>
        {
            if (!_changes.TryGetValue((agent.LoginId, m.MrdId), out var c)) return m;
            var holds = m.State == c.State ? c.State != "NOT_READY" || m.ReasonCode == c.ReasonCode
                : m.StateChangedAt is not { } since || since.ToUnixTimeMilliseconds() <= c.Time;
            return holds ? m with { ChangedBy = new MediaChangedBy(c.Role, c.User, c.State, c.ReasonCode, DateTimeOffset.FromUnixTimeMilliseconds(c.Time)) } : m;
        }).ToList();
        return agent with { Media = media };
    }
}
