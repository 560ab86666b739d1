using Taskroute.Core.Flow;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Modules.Router;

/// <summary>How the router picks an agent for a task among the available members of its targets.</summary>
internal sealed partial class RouterModule
{
    private bool TrySelectAgent(RouterCall call, out AgentLink chosen, out RoutingRule rule, out int candidates)
    {
        chosen = null!;
        rule = RoutingRule.None;
        candidates = 0;
        var m = call.MrdIndex;

        if (call.Data.PreferredAgentId != 0 && _model.FindAgent(call.Data.PreferredAgentId) is var preferred and >= 0 &&
            _agents[preferred].Mrds[m].Available)
        {
            foreach (var entry in call.Entries)
            {
                foreach (var link in _agents[preferred].Mrds[m].Links)
                {
                    if (link.Target != entry.Target) continue;
                    chosen = link;
                    rule = RoutingRule.PreferredAgent;
                    candidates = 1;
                    return true;
                }
            }
        }

        AgentLink? best = null;
        switch (call.Selection)
        {
            case AgentSelection.LongestAvailable:
                foreach (var entry in call.Entries)
                {
                    var available = entry.Target.Available;
                    candidates += available.Count;
                    if (available.Head is { } head && (best is null || head.Agent.Mrds[m].AvailableOrder < best.Agent.Mrds[m].AvailableOrder))
                        best = head;
                }
                rule = RoutingRule.LongestAvailableAgent;
                break;

            case AgentSelection.MostSkilled:
            case AgentSelection.LeastSkilled:
                var most = call.Selection == AgentSelection.MostSkilled;
                foreach (var entry in call.Entries)
                {
                    for (var link = entry.Target.Available.Head; link is not null; link = link.Next)
                    {
                        candidates++;
                        if (best is null) { best = link; continue; }
                        var better = most ? link.Skill > best.Skill : link.Skill < best.Skill;
                        var tie = link.Skill == best.Skill && link.Agent.Mrds[m].AvailableOrder < best.Agent.Mrds[m].AvailableOrder;
                        if (better || tie) best = link;
                    }
                }
                rule = most ? RoutingRule.MostSkilledAgent : RoutingRule.LeastSkilledAgent;
                break;

            case AgentSelection.RoundRobin:
                foreach (var entry in call.Entries)
                {
                    var target = entry.Target;
                    var members = target.Members;
                    if (target.Available.Count == 0 || members.Length == 0) continue;
                    for (var i = 0; i < members.Length; i++)
                    {
                        var at = (target.RoundRobinCursor + i) % members.Length;
                        candidates++;
                        if (!members[at].Agent.Mrds[m].Available) continue;
                        best = members[at];
                        target.RoundRobinCursor = (at + 1) % members.Length;
                        break;
                    }
                    if (best is not null) break;
                }
                rule = RoutingRule.RoundRobin;
                break;
        }

        if (best is null) return false;
        chosen = best;
        return true;
    }
}
