using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>Disjoint sets over small integers, with path halving and union by size.</summary>
internal sealed class UnionFind
{
    private readonly List<int> _parent = [];
    private readonly List<int> _size = [];

    public int Count => _parent.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add()
    {
        _parent.Add(_parent.Count);
        _size.Add(1);
        return _parent.Count - 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Union(int a, int b)
    {
        a = Find(a);
        b = Find(b);
        if (a == b) return a;
        if (_size[a] < _size[b]) (a, b) = (b, a);
        _parent[b] = a;
        _size[a] += _size[b];
        return a;
    }
}
