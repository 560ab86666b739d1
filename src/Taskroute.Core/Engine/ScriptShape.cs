using Taskroute.Core.Scripts;

namespace Taskroute.Core.Engine;

/// <summary>
/// One script's node lists and nodes, numbered in a walk. Two versions of a script with the same
/// shape (the same kinds of node in the same places) number alike, so a task part way through the
/// old version goes on at the same place in the new one, with the new one's values.
/// </summary>
internal sealed class ScriptShape
{
    private readonly List<IReadOnlyList<ScriptNode>> _lists = [];
    private readonly Dictionary<object, int> _listNumbers = new(ReferenceEqualityComparer.Instance);
    private readonly List<ScriptNode> _nodes = [];
    private readonly Dictionary<object, int> _nodeNumbers = new(ReferenceEqualityComparer.Instance);

    public ScriptShape(IReadOnlyList<ScriptNode> script) => Walk(script);

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
}
