using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Engine;

/// <summary>
/// Scripts' node lists and nodes, numbered in one walk; a list reached twice keeps its first number.
/// The numbering follows the scripts' structure, so a configuration loaded again from the same file
/// numbers them alike (a snapshot writes a task's place in its script as these numbers), and two
/// versions of a script with the same shape (the same kinds of node in the same places) number alike,
/// so a task part way through the old version goes on at the same place in the new one.
/// </summary>
internal sealed class ScriptShape
{
    private readonly List<IReadOnlyList<ScriptNode>> _lists = [];
    private readonly Dictionary<object, int> _listNumbers = new(ReferenceEqualityComparer.Instance);
    private readonly List<ScriptNode> _nodes = [];
    private readonly Dictionary<object, int> _nodeNumbers = new(ReferenceEqualityComparer.Instance);

    public ScriptShape(IReadOnlyList<ScriptNode> script) => Walk(script);

    /// <summary>Every script selector's script, in the configuration's order.</summary>
    public ScriptShape(IEnumerable<Configuration.ScriptSelector> selectors)
    {
        foreach (var s in selectors) Walk(s.Script);
    }

    private void Walk(IReadOnlyList<ScriptNode> list)
    {
        _listNumbers.TryAdd(list, _lists.Count);
        _lists.Add(list);
        foreach (var node in list)
        {
            _nodeNumbers.TryAdd(node, _nodes.Count);
            _nodes.Add(node);
            switch (node)
            {
                case IfNode f:
                    Walk(f.Then);
                    Walk(f.Else);
                    break;
                case PercentNode p:
                    foreach (var b in p.Branches) Walk(b.Nodes);
                    break;
            }
        }
    }

    public bool SameShapeAs(ScriptShape other)
    {
        if (_lists.Count != other._lists.Count || _nodes.Count != other._nodes.Count) return false;
        for (var i = 0; i < _lists.Count; i++)
            if (_lists[i].Count != other._lists[i].Count) return false;
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (_nodes[i].GetType() != other._nodes[i].GetType()) return false;
            if (_nodes[i] is PercentNode p && p.Branches.Count != ((PercentNode)other._nodes[i]).Branches.Count) return false;
        }
        return true;
    }

    /// <summary>The list at the same place in <paramref name="other"/>; null when this script does not hold <paramref name="list"/>.</summary>
    public IReadOnlyList<ScriptNode>? ListIn(ScriptShape other, IReadOnlyList<ScriptNode> list) =>
        _listNumbers.TryGetValue(list, out var n) ? other._lists[n] : null;

    /// <summary>The node at the same place in <paramref name="other"/>; null when this script does not hold <paramref name="node"/>.</summary>
    public ScriptNode? NodeIn(ScriptShape other, ScriptNode node) =>
        _nodeNumbers.TryGetValue(node, out var n) ? other._nodes[n] : null;

    public int ListNumber(IReadOnlyList<ScriptNode> list) =>
        _listNumbers.TryGetValue(list, out var n) ? n : throw new InvalidOperationException("a call's script frame is not in the configuration's scripts");

    public int NodeNumber(ScriptNode node) =>
        _nodeNumbers.TryGetValue(node, out var n) ? n : throw new InvalidOperationException("a script node is not in the configuration's scripts");

    public IReadOnlyList<ScriptNode> List(int number) =>
        (uint)number < (uint)_lists.Count ? _lists[number] : throw new SnapshotException($"no script node list {number}");

    public ScriptNode Node(int number) =>
        (uint)number < (uint)_nodes.Count ? _nodes[number] : throw new SnapshotException($"no script node {number}");
}
