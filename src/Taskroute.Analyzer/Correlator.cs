using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// Groups events into tasks. Ids that name a task link events directly: the SocialContact id
/// (ApplicationString1, the router's ANI), the RouterCallKey and task id in any form (Finesse's
/// call-id too), and the DialogueID, which the MR PIM reuses and so only links events between one
/// NEW_TASK and the next on it, and never two RouterCallKeys. Events that name only an agent (AGENT_EVENT, a pre-call whose
/// RouterCallKey was cut) join the task that agent held at that moment.
/// </summary>
internal sealed class Correlator
{
    private const long AgentSlackMs = 2_000;
    private const long SameMomentMs = 5;

    private readonly UnionFind _sets = new();
    private readonly Dictionary<long, int> _keys = [];
    private readonly Dictionary<int, int> _dialogues = [];
    // Which RouterCallKey each use of a DialogueID is tied to, and back (per key and DialogueID): a
    // router line whose clock runs ahead of the PG's is read after the next NEW_TASK on its dialogue,
    // and must not join that task. One use of a dialogue carries one call key, one call key one use.
    private readonly Dictionary<int, int> _keyOfDialogue = [];
    private readonly Dictionary<long, int> _dialogueOfKey = [];
    // The contact each use of a dialogue was opened for (its NEW_TASK's ApplicationString1).
    private readonly Dictionary<int, Guid> _contactOfDialogue = [];

    /// <summary>Events left out of every task: those that name no id, and those that name only an agent that held no task then.</summary>
    public long Unattached { get; private set; }

    /// <summary>The agent-only events of <see cref="Unattached"/>, in time order: a later look, with more of the logs read, may place them.</summary>
    public List<LogEvent> Unplaced { get; } = [];

    /// <summary>Events must be in time order, with ids a cut may have spoilt already dropped (<see cref="WeakIdCheck"/>); the groups come back in the order of their first event.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public List<List<LogEvent>> Group(List<LogEvent> events, int parallelism = 1)
    {
        var node = new int[events.Count];
        var agentOnly = new List<int>();
        // Which ICM agent a login is, from lines that name both (the latest wins).
        var agentOfLogin = new Dictionary<int, int>();
        // The task's own ids link first; the contact's id is weighed once every line is read (see Contacts).
        var contacts = new Contacts();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var n = -1;
            if (e.Message == "NEW_TASK" && e.DialogueId != 0)
            {
                var use = _dialogues[e.DialogueId] = _sets.Add();
                if (e.ContactId != Guid.Empty) _contactOfDialogue[use] = e.ContactId;
            }
            var callKey = -1;
            if (e.RouterCallKey != 0) n = callKey = Node(_keys, ((long)e.RouterCallKeyDay << 32) | (uint)e.RouterCallKey);
            if (e.DialogueId != 0 && e.Component is LogComponent.Pim or LogComponent.Rtr)
            {
                var dialogue = Node(_dialogues, e.DialogueId);
                if (callKey < 0 || Tie(dialogue, callKey, e.DialogueId, e.ContactId)) n = Link(n, dialogue);
            }
            if (e.ContactId != Guid.Empty) n = contacts.Seen(e.ContactId, n, callKey >= 0);
            node[i] = n;
            if (e.AgentId != 0 && e.LoginId != 0) agentOfLogin[e.LoginId] = e.AgentId;
        }
        contacts.Place(events, node, _sets);
        for (var i = 0; i < events.Count; i++)
        {
            if (node[i] >= 0) continue;
            var e = events[i];
            if (e.AgentId != 0 || e.LoginId != 0) agentOnly.Add(i);
            else Unattached++;
        }

        // Groups numbered in the order of their first event, each one's events as indexes in order
        // (a counting sort), then read group by group in parallel.
        var groupOfRoot = new int[_sets.Count];
        Array.Fill(groupOfRoot, -1);
        // Each event's node is read once, just before its group is written over it: one array does for both.
        var groupOf = node;
        var sizes = new List<int>();
        for (var i = 0; i < events.Count; i++)
        {
            if (node[i] < 0) { groupOf[i] = -1; continue; }
            var root = _sets.Find(node[i]);
            if (groupOfRoot[root] < 0)
            {
                groupOfRoot[root] = sizes.Count;
                sizes.Add(0);
            }
            var g = groupOfRoot[root];
            groupOf[i] = g;
            sizes[g]++;
        }
        var starts = new int[sizes.Count + 1];
        for (var g = 0; g < sizes.Count; g++) starts[g + 1] = starts[g] + sizes[g];
        var members = new int[starts[^1]];
        var next = (int[])starts.Clone();
        for (var i = 0; i < events.Count; i++)
            if (groupOf[i] >= 0) members[next[groupOf[i]]++] = i;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) };
        var groups = new TaskGroup[sizes.Count];
        Parallel.For(0, groups.Length, options, g => groups[g] = new TaskGroup(events, members, starts[g], starts[g + 1]));

        AttachAgentEvents(events, agentOnly, groups, agentOfLogin, options);
        var result = new List<LogEvent>[groups.Length];
        Parallel.For(0, groups.Length, options, g => result[g] = groups[g].Merged());
        return [.. result];
    }

    private int Link(int current, int node) => current < 0 ? node : _sets.Union(current, node);

    /// <summary>
    /// Whether a line naming both may join this use of its dialogue to the call key: only when neither
    /// is tied to another, and the line names no other contact than the one the dialogue was opened for.
    /// </summary>
    private bool Tie(int dialogue, int callKey, int dialogueId, Guid contact)
    {
        var keyUse = ((long)callKey << 32) | (uint)dialogueId;
        var keyTied = _dialogueOfKey.TryGetValue(keyUse, out var tiedDialogue);
        if (_keyOfDialogue.TryGetValue(dialogue, out var tiedKey)) return tiedKey == callKey;
        if (keyTied) return tiedDialogue == dialogue;
        if (contact != Guid.Empty && _contactOfDialogue.TryGetValue(dialogue, out var opened) && opened != contact)
        {
            // The router's NewCall of an earlier use, read after this use's NEW_TASK (its clock ahead):
            // the key belongs to a use already gone, and its later lines must not take this one either.
            _dialogueOfKey[keyUse] = -1;
            return false;
        }
        _keyOfDialogue[dialogue] = callKey;
        _dialogueOfKey[keyUse] = dialogue;
        return true;
    }

    /// <summary>
    /// What a SocialContact id links. Usually one task: the contact's lines (CCP's, which name nothing
    /// else) join the task its routing lines name. A contact routed more than once (transferred, or
    /// submitted again after a RONA) has a task per RouterCallKey: those stay apart, and each of the
    /// contact's own lines joins the routing under way when it was written.
    /// </summary>
    private sealed class Contacts
    {
        private readonly Dictionary<Guid, int> _numbers = [];
        // Per contact: the id nodes its lines named alongside it, and whether each is a RouterCallKey's.
        private readonly List<List<(int Node, bool CallKey)>> _linked = [];

        /// <summary>Notes a line naming the contact and (when <paramref name="node"/> is not -1) a task id; answers the line's node for now: the id's, or the contact's own mark.</summary>
        public int Seen(Guid contact, int node, bool callKey)
        {
            if (!_numbers.TryGetValue(contact, out var number))
            {
                number = _linked.Count;
                _numbers[contact] = number;
                _linked.Add([]);
            }
            if (node < 0) return -2 - number;
            var linked = _linked[number];
            var known = false;
            foreach (var (n, _) in linked)
                known |= n == node;
            if (!known) linked.Add((node, callKey));
            return node;
        }

        /// <summary>Gives every line marked with a contact its node, joining what the contact links.</summary>
        public void Place(List<LogEvent> events, int[] node, UnionFind sets)
        {
            if (_linked.Count == 0) return;
            var placed = new int[_linked.Count];
            var routings = new List<(int Node, long Began)>?[_linked.Count];
            var apart = new List<int>();
            for (var c = 0; c < _linked.Count; c++)
            {
                var linked = _linked[c];
                var keyed = new List<int>();
                foreach (var (n, callKey) in linked)
                    if (callKey && !keyed.Contains(sets.Find(n))) keyed.Add(sets.Find(n));
                if (keyed.Count <= 1)
                {
                    // One task: the contact, and every id named with it, are that task's.
                    var joined = -1;
                    foreach (var (n, _) in linked) joined = joined < 0 ? n : sets.Union(joined, n);
                    placed[c] = joined >= 0 ? joined : sets.Add();
                }
                else
                {
                    apart.Add(c);
                }
            }
            if (apart.Count > 0)
            {
                // When each routing began: the first line of its group (the unions above join only single-routing contacts' groups).
                var first = new Dictionary<int, long>();
                for (var i = 0; i < events.Count; i++)
                    if (node[i] >= 0) first.TryAdd(sets.Find(node[i]), events[i].Time);
                long Began(int n) => first.TryGetValue(sets.Find(n), out var t) ? t : long.MaxValue;
                foreach (var c in apart)
                {
                    var keyed = new List<(int Node, long Began)>();
                    foreach (var (n, callKey) in _linked[c])
                        if (callKey && !keyed.Exists(k => sets.Find(k.Node) == sets.Find(n))) keyed.Add((n, Began(n)));
                    keyed.Sort((a, b) => a.Began.CompareTo(b.Began));
                    routings[c] = keyed;
                    // An id named with the contact but no RouterCallKey (a DialogueID) joins the routing under way when it began.
                    foreach (var (n, callKey) in _linked[c])
                        if (!callKey && !keyed.Exists(k => sets.Find(k.Node) == sets.Find(n))) sets.Union(Under(keyed, Began(n)), n);
                }
            }
            for (var i = 0; i < node.Length; i++)
            {
                if (node[i] > -2) continue;
                var c = -2 - node[i];
                node[i] = routings[c] is { } keyed ? Under(keyed, events[i].Time) : placed[c];
            }
        }

        // The routing under way at a time: the last to have begun by then, else the first.
        private static int Under(List<(int Node, long Began)> keyed, long time)
        {
            var chosen = keyed[0].Node;
            foreach (var (n, began) in keyed)
                if (began <= time) chosen = n;
            return chosen;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Node<TKey>(Dictionary<TKey, int> map, TKey key) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var n))
        {
            n = _sets.Add();
            map[key] = n;
        }
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AttachAgentEvents(List<LogEvent> events, List<int> agentOnly, TaskGroup[] groups, Dictionary<int, int> agentOfLogin, ParallelOptions options)
    {
        if (agentOnly.Count == 0) return;
        // Which ICM agent a login is: lines that name both said it; tasks that name one of each say the rest.
        foreach (var g in groups)
            if (g.Agents.Count == 1 && g.Logins.Count == 1) agentOfLogin.TryAdd(g.Logins[0].Id, g.Agents[0].Id);

        // Each agent's tasks, by when the agent first appears in them.
        var byAgent = new Dictionary<int, AgentTasks>();
        foreach (var g in groups)
        {
            for (var k = 0; k < g.Agents.Count; k++) Add(byAgent, g.Agents[k].Id, g);
            for (var k = 0; k < g.Logins.Count; k++)
            {
                var l = g.Logins[k].Id;
                if (agentOfLogin.TryGetValue(l, out var a)) Add(byAgent, a, g);
                else Add(byAgent, -l, g);
            }
        }

        // Each agent's events, in time order.
        var byAgentEvents = new Dictionary<int, List<int>>();
        for (var k = 0; k < agentOnly.Count; k++)
        {
            var e = events[agentOnly[k]];
            var agent = e.AgentId != 0 ? e.AgentId : agentOfLogin.TryGetValue(e.LoginId, out var a) ? a : -e.LoginId;
            if (!byAgentEvents.TryGetValue(agent, out var list)) byAgentEvents[agent] = list = [];
            list.Add(k);
        }

        // Agents apart, in parallel: each agent's tasks are swept once, as its events come in time
        // order; a task joins the candidates when the event time reaches its start and leaves them
        // once it has ended. Each event's task goes to the event's own slot.
        var chosen = new TaskGroup?[agentOnly.Count];
        Parallel.ForEach(byAgentEvents, options, pair =>
        {
            if (!byAgent.TryGetValue(pair.Key, out var tasks)) return;
            foreach (var k in pair.Value) chosen[k] = tasks.Best(pair.Key, events[agentOnly[k]].Time, agentOfLogin);
        });
        for (var k = 0; k < agentOnly.Count; k++)
        {
            // Kept apart until all are placed: the tasks' own events must stay as they are for Gap.
            if (chosen[k] is { } best) best.Attach(agentOnly[k]);
            else
            {
                Unattached++;
                Unplaced.Add(events[agentOnly[k]]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Add(Dictionary<int, AgentTasks> map, int key, TaskGroup g)
    {
        if (!map.TryGetValue(key, out var tasks)) map[key] = tasks = new AgentTasks();
        tasks.Add(g);
    }

    /// <summary>One agent's tasks, to find the one an agent-only event at a given time is about.</summary>
    private sealed class AgentTasks
    {
        private readonly List<TaskGroup> _tasks = [];
        private Candidate[]? _byStart;
        private int _next;
        private readonly List<Candidate> _open = [];

        private readonly record struct Candidate(TaskGroup Group, long Start, long End, int Place);

        // A task naming the agent twice (as agent and as its login) is one candidate.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(TaskGroup g)
        {
            if (_tasks.Count == 0 || !ReferenceEquals(_tasks[^1], g)) _tasks.Add(g);
        }

        /// <summary>Times must not go back between calls.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public TaskGroup? Best(int agent, long time, Dictionary<int, int> agentOfLogin)
        {
            if (_byStart is null)
            {
                _byStart = new Candidate[_tasks.Count];
                for (var k = 0; k < _tasks.Count; k++)
                {
                    var g = _tasks[k];
                    _byStart[k] = new Candidate(g, g.AgentSince(agent, agentOfLogin) - AgentSlackMs, g.End is { } t ? t + AgentSlackMs : long.MaxValue, k);
                }
                Array.Sort(_byStart, static (x, y) => x.Start != y.Start ? x.Start.CompareTo(y.Start) : x.Place.CompareTo(y.Place));
            }
            while (_next < _byStart.Length && _byStart[_next].Start <= time) _open.Add(_byStart[_next++]);

            // A state change is about the task that has a message at that very moment (the change
            // is its doing), else about the task the agent took most recently; among equals, the first.
            Candidate? best = null;
            long bestGap = long.MaxValue;
            for (var k = 0; k < _open.Count; k++)
            {
                var c = _open[k];
                if (time > c.End)
                {
                    _open.RemoveAt(k--);
                    continue;
                }
                var gap = Math.Min(c.Group.Gap(time), SameMomentMs + 1);
                // Before the task names the agent, or after it ended, the agent held it only on another
                // server's clock: a change there is the task's only at the very moment of one of its
                // messages (the reservation, the end); a sign-in or a ready a moment apart is the agent's own.
                if (gap > SameMomentMs && (time < c.Start + AgentSlackMs || (c.End != long.MaxValue && time > c.End - AgentSlackMs))) continue;
                if (best is not { } b || gap < bestGap || (gap == bestGap && (c.Start > b.Start || c.Start == b.Start && c.Place < b.Place)))
                {
                    best = c;
                    bestGap = gap;
                }
            }
            return best?.Group;
        }
    }

    private sealed class TaskGroup
    {
        private readonly List<LogEvent> _all;
        // Indexes into the time-ordered list of all events, in that order: members[from..to].
        private readonly int[] _members;
        private readonly int _from;
        private readonly int _to;
        // The events' times, kept apart from the events: Gap asks for them often, the events are far apart in memory.
        private readonly long[] _times;
        private List<int>? _attached;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public TaskGroup(List<LogEvent> all, int[] members, int from, int to)
        {
            _all = all;
            _members = members;
            _from = from;
            _to = to;
            _times = new long[to - from];
            for (var k = from; k < to; k++)
            {
                var e = all[members[k]];
                _times[k - from] = e.Time;
                if (e.AgentId != 0) Agents.Add(e.AgentId, e.Time);
                if (e.LoginId != 0) Logins.Add(e.LoginId, e.Time);
                if (MessageRoutes.EndsTask(e.Type))
                    End = End is { } t ? Math.Max(t, e.Time) : e.Time;
            }
        }

        /// <summary>Each agent and login the task names, with when it first does.</summary>
        public FirstSeen Agents { get; } = new();

        public FirstSeen Logins { get; } = new();
        public long? End { get; private set; }

        /// <summary>An agent-only event placed in the task; indexes come in increasing order.</summary>
        public void Attach(int index) => (_attached ??= []).Add(index);

        /// <summary>The task's events with the attached ones, all in time order (the order of their indexes).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public List<LogEvent> Merged()
        {
            var merged = new List<LogEvent>(_to - _from + (_attached?.Count ?? 0));
            int a = _from, b = 0;
            var attached = _attached ?? [];
            while (a < _to || b < attached.Count)
            {
                if (b == attached.Count || a < _to && _members[a] < attached[b]) merged.Add(_all[_members[a++]]);
                else merged.Add(_all[attached[b++]]);
            }
            return merged;
        }

        /// <summary>How far the task's nearest event is from <paramref name="time"/>; events are in time order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public long Gap(long time)
        {
            // The times are kept apart from the events: this is asked for often, the events are far apart in memory.
            if (time <= _times[0]) return _times[0] - time;
            if (time >= _times[^1]) return time - _times[^1];
            int lo = 0, hi = _times.Length - 1;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (_times[mid] < time) lo = mid + 1;
                else hi = mid;
            }
            var gap = Math.Abs(_times[lo] - time);
            if (lo > 0) gap = Math.Min(gap, Math.Abs(_times[lo - 1] - time));
            return gap;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public long AgentSince(int agent, Dictionary<int, int> agentOfLogin)
        {
            var since = Agents.TryGet(agent, out var t) ? t : long.MaxValue;
            for (var k = 0; k < Logins.Count; k++)
            {
                var (login, time) = Logins[k];
                if ((agentOfLogin.TryGetValue(login, out var a) ? a : -login) == agent) since = Math.Min(since, time);
            }
            return since;
        }
    }
}
