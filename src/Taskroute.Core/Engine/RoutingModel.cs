using Taskroute.Core.Configuration;

namespace Taskroute.Core.Engine;

/// <summary>A validated configuration compiled into dense indexes, shared read-only by every module.</summary>
internal sealed class RoutingModel
{
    public RoutingModel(RoutingConfiguration config)
    {
        var errors = ConfigurationValidator.Validate(config);
        if (errors.Count > 0) throw new InvalidConfigurationException(errors);

        Config = config;
        Clock = new ZoneClock(config);
        Mrds = [.. config.Mrds];
        for (var i = 0; i < Mrds.Length; i++) MrdIndexById[Mrds[i].Id] = i;
        Agents = [.. config.Agents];
        for (var i = 0; i < Agents.Length; i++)
        {
            AgentIndexById[Agents[i].Id] = i;
            AgentIndexByLogin[Agents[i].LoginId] = i;
        }
        _byId = new DenseIndex(AgentIndexById);
        _byLogin = new DenseIndex(AgentIndexByLogin);
        foreach (var g in config.SkillGroups) SkillGroups[g.Id] = g;
        foreach (var q in config.PrecisionQueues) PrecisionQueues[q.Id] = q;
        foreach (var s in config.ScriptSelectors) Selectors[s.Name] = s;
        foreach (var f in config.TaskFeeds) Feeds[f.Id] = f;

        Attributes = [.. config.Attributes];
        for (var i = 0; i < Attributes.Length; i++) AttributeIndex[Attributes[i].Name] = i;
        AgentAttributes = new int[Agents.Length][];
        for (var a = 0; a < Agents.Length; a++)
        {
            var values = new int[Attributes.Length];
            Array.Fill(values, -1);
            foreach (var (name, text) in Agents[a].Attributes)
            {
                var index = AttributeIndex[name];
                values[index] = AttributeValue.Parse(Attributes[index].Type, text) ?? -1;
            }
            AgentAttributes[a] = values;
        }
    }

    public RoutingConfiguration Config { get; }

    /// <summary>The clock scripts' time-of-day and day-of-week conditions read.</summary>
    public ZoneClock Clock { get; }
    public MediaRoutingDomain[] Mrds { get; }
    public Dictionary<int, int> MrdIndexById { get; } = [];
    public AgentConfig[] Agents { get; }
    public Dictionary<int, int> AgentIndexById { get; } = [];
    public Dictionary<int, int> AgentIndexByLogin { get; } = [];
    public Dictionary<int, SkillGroup> SkillGroups { get; } = [];
    public Dictionary<int, PrecisionQueue> PrecisionQueues { get; } = [];
    public Dictionary<string, ScriptSelector> Selectors { get; } = new(StringComparer.Ordinal);
    public Dictionary<int, TaskFeed> Feeds { get; } = [];
    public AttributeDefinition[] Attributes { get; }
    public Dictionary<string, int> AttributeIndex { get; } = new(StringComparer.Ordinal);

    /// <summary>Per agent, per attribute: 0/1 for booleans, 1 to 10 for proficiencies, -1 when the agent lacks it.</summary>
    public int[][] AgentAttributes { get; }

    public int MrdIndex(int mrdId)
    {
        // A handful of MRDs: a scan beats hashing.
        for (var i = 0; i < Mrds.Length; i++)
            if (Mrds[i].Id == mrdId) return i;
        return -1;
    }

    /// <summary>Finds an agent by ICM agent id (SkillTargetID) or by login id; -1 if neither.</summary>
    public int FindAgent(int id)
    {
        var i = _byId.Find(id);
        return i >= 0 ? i : _byLogin.Find(id);
    }

    private readonly DenseIndex _byId;
    private readonly DenseIndex _byLogin;

    /// <summary>
    /// Agent ids are usually numbered in a block, so an array indexed by id finds an agent in one
    /// access on every message; a sparse numbering falls back to a hash table.
    /// </summary>
    private sealed class DenseIndex
    {
        private readonly int _min;
        private readonly int[]? _dense;
        private readonly Dictionary<int, int> _sparse;

        public DenseIndex(Dictionary<int, int> map)
        {
            _sparse = map;
            if (map.Count == 0) return;
            _min = map.Keys.Min();
            var span = (long)map.Keys.Max() - _min + 1;
            if (span > 4L * map.Count + 1024) return;
            _dense = new int[span];
            Array.Fill(_dense, -1);
            foreach (var (key, index) in map) _dense[key - _min] = index;
        }

        public int Find(int key)
        {
            if (_dense is not null)
            {
                var offset = (long)key - _min;
                return offset >= 0 && offset < _dense.Length ? _dense[offset] : -1;
            }
            return _sparse.TryGetValue(key, out var i) ? i : -1;
        }
    }
}
