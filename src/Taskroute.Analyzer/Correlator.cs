using Taskroute.Core.Flow;

namespace Taskroute.Analyzer;

/// <summary>
/// Groups events into tasks. Ids that name a task link events directly: the SocialContact id
/// (ApplicationString1, the router's ANI), the RouterCallKey and task id in any form (Finesse's
/// call-id too), and the DialogueID, which the MR PIM reuses and so only links events between one
/// NEW_TASK and the next on it. Events that name only an agent (AGENT_EVENT, a pre-call whose
/// RouterCallKey was cut) join the task that agent held at that moment.
/// </summary>
internal sealed class Correlator
{
    private const long AgentSlackMs = 2_000;
    private const long SameMomentMs = 5;

    private readonly UnionFind _sets = new();
    private readonly Dictionary<Guid, int> _contacts = [];
    private readonly Dictionary<long, int> _keys = [];
    private readonly Dictionary<int, int> _dialogues = [];

    public long Unattached { get; private set; }

    /// <summary>Events must be in time order; the groups come back in the order of their first event.</summary>
    public List<List<LogEvent>> Group(List<LogEvent> events)
    {
        DropUnconfirmedIds(events);
        var node = new int[events.Count];
        var agentOnly = new List<int>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var n = -1;
            if (e.Message == "NEW_TASK" && e.DialogueId != 0) _dialogues[e.DialogueId] = _sets.Add();
            if (e.ContactId != Guid.Empty) n = Link(n, Node(_contacts, e.ContactId));
            if (e.RouterCallKey != 0) n = Link(n, Node(_keys, ((long)e.RouterCallKeyDay << 32) | (uint)e.RouterCallKey));
            if (e.DialogueId != 0 && e.Component is LogComponent.Pim or LogComponent.Rtr) n = Link(n, Node(_dialogues, e.DialogueId));
            node[i] = n;
            if (n < 0)
            {
                if (e.AgentId != 0 || e.LoginId != 0) agentOnly.Add(i);
                else Unattached++;
            }
        }

        var groups = new Dictionary<int, TaskGroup>();
        var order = new List<TaskGroup>();
        for (var i = 0; i < events.Count; i++)
        {
            if (node[i] < 0) continue;
            var root = _sets.Find(node[i]);
            if (!groups.TryGetValue(root, out var g))
            {
                g = new TaskGroup();
                groups[root] = g;
                order.Add(g);
            }
            g.Add(events[i]);
        }

        AttachAgentEvents(events, agentOnly, order);
        return [.. order.Select(g => g.Events)];
    }

    private int Link(int current, int node) => current < 0 ? node : _sets.Union(current, node);

    private int Node<TKey>(Dictionary<TKey, int> map, TKey key) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var n))
        {
            n = _sets.Add();
            map[key] = n;
        }
        return n;
    }

    // An id at the very end of a line may have lost digits to the cut: it is kept only when
    // some whole line names it too.
    private static void DropUnconfirmedIds(List<LogEvent> events)
    {
        var keys = new HashSet<long>();
        var agents = new HashSet<int>();
        var logins = new HashSet<int>();
        foreach (var e in events)
        {
            if (e.RouterCallKey != 0 && (e.Weak & WeakIds.RouterCallKey) == 0) keys.Add(((long)e.RouterCallKeyDay << 32) | (uint)e.RouterCallKey);
            if (e.AgentId != 0 && (e.Weak & WeakIds.Agent) == 0) agents.Add(e.AgentId);
            if (e.LoginId != 0 && (e.Weak & WeakIds.Login) == 0) logins.Add(e.LoginId);
        }
        foreach (var e in events)
        {
            if (e.Weak == WeakIds.None) continue;
            if ((e.Weak & WeakIds.RouterCallKey) != 0 && !keys.Contains(((long)e.RouterCallKeyDay << 32) | (uint)e.RouterCallKey))
            {
                e.RouterCallKey = e.RouterCallKeyDay = 0;
                e.TaskId = Core.Ids.IcmTaskId.None;
            }
            if ((e.Weak & WeakIds.Agent) != 0 && !agents.Contains(e.AgentId)) e.AgentId = 0;
            if ((e.Weak & WeakIds.Login) != 0 && !logins.Contains(e.LoginId)) e.LoginId = 0;
            if ((e.Weak & WeakIds.Sequence) != 0) e.TaskId = Core.Ids.IcmTaskId.None;
        }
    }

    private void AttachAgentEvents(List<LogEvent> events, List<int> agentOnly, List<TaskGroup> groups)
    {
        if (agentOnly.Count == 0) return;
        // Which ICM agent a login is: from lines that name both, then from tasks that name one of each.
        var agentOfLogin = new Dictionary<int, int>();
        foreach (var e in events)
            if (e.AgentId != 0 && e.LoginId != 0) agentOfLogin[e.LoginId] = e.AgentId;
        foreach (var g in groups)
            if (g.Agents.Count == 1 && g.Logins.Count == 1) agentOfLogin.TryAdd(g.Logins.First().Key, g.Agents.First().Key);

        // Each agent's tasks, by when the agent first appears in them.
        var byAgent = new Dictionary<int, List<TaskGroup>>();
        foreach (var g in groups)
        {
            foreach (var a in g.Agents.Keys) Add(byAgent, a, g);
            foreach (var l in g.Logins.Keys)
                if (agentOfLogin.TryGetValue(l, out var a)) Add(byAgent, a, g);
                else Add(byAgent, -l, g);
        }

        // Kept apart until all are placed: the tasks' events must stay in time order for Gap.
        var attached = new List<(TaskGroup, LogEvent)>();
        foreach (var i in agentOnly)
        {
            var e = events[i];
            var agent = e.AgentId != 0 ? e.AgentId : agentOfLogin.TryGetValue(e.LoginId, out var a) ? a : -e.LoginId;
            TaskGroup? best = null;
            long bestStart = long.MinValue;
            long bestGap = long.MaxValue;
            if (byAgent.TryGetValue(agent, out var candidates))
            {
                foreach (var g in candidates)
                {
                    var start = g.AgentSince(agent, agentOfLogin) - AgentSlackMs;
                    var end = g.End is { } t ? t + AgentSlackMs : long.MaxValue;
                    if (e.Time < start || e.Time > end) continue;
                    // A state change is about the task that has a message at that very moment (the
                    // change is its doing), else about the task the agent took most recently.
                    var gap = Math.Min(g.Gap(e.Time), SameMomentMs + 1);
                    if (gap < bestGap || (gap == bestGap && start > bestStart)) { best = g; bestStart = start; bestGap = gap; }
                }
            }
            if (best is null) { Unattached++; continue; }
            attached.Add((best, e));
        }
        foreach (var (g, e) in attached) g.Events.Add(e);
        foreach (var g in groups) g.Events.Sort(EventOrder.Compare);
    }

    private static void Add(Dictionary<int, List<TaskGroup>> map, int key, TaskGroup g)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        if (!list.Contains(g)) list.Add(g);
    }

    private sealed class TaskGroup
    {
        public List<LogEvent> Events { get; } = [];

        /// <summary>Each agent and login the task names, with when it first does.</summary>
        public Dictionary<int, long> Agents { get; } = [];

        public Dictionary<int, long> Logins { get; } = [];
        public long? End { get; private set; }

        public void Add(LogEvent e)
        {
            Events.Add(e);
            if (e.AgentId != 0) Agents.TryAdd(e.AgentId, e.Time);
            if (e.LoginId != 0) Logins.TryAdd(e.LoginId, e.Time);
            if (e.Type is MessageType.END_TASK_EVENT or MessageType.END_TASK_IND or MessageType.CLOSE_TASK or MessageType.NEW_TASK_FAILURE_EVENT)
                End = End is { } t ? Math.Max(t, e.Time) : e.Time;
        }

        /// <summary>How far the task's nearest event is from <paramref name="time"/>; events are in time order.</summary>
        public long Gap(long time)
        {
            int lo = 0, hi = Events.Count - 1;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (Events[mid].Time < time) lo = mid + 1;
                else hi = mid;
            }
            var gap = Math.Abs(Events[lo].Time - time);
            if (lo > 0) gap = Math.Min(gap, Math.Abs(Events[lo - 1].Time - time));
            return gap;
        }

        public long AgentSince(int agent, Dictionary<int, int> agentOfLogin)
        {
            var since = Agents.TryGetValue(agent, out var t) ? t : long.MaxValue;
            foreach (var (login, time) in Logins)
                if ((agentOfLogin.TryGetValue(login, out var a) ? a : -login) == agent) since = Math.Min(since, time);
            return since;
        }
    }
}
