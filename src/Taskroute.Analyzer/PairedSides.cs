namespace Taskroute.Analyzer;

/// <summary>
/// The events kept as one side's line of a duplexed process whose other side's copy has been
/// dropped: a later line is not the copy of one of them again. Only those recent enough to be
/// paired still are held, so a day of duplexed logs does not hold every pair.
/// </summary>
internal sealed class PairedSides
{
    private readonly HashSet<LogEvent> _paired = new(ReferenceEqualityComparer.Instance);
    private readonly Queue<LogEvent> _order = new();

    public bool Contains(LogEvent e) => _paired.Contains(e);

    /// <summary>Marks <paramref name="e"/> paired, at <paramref name="now"/> (the time of the copy it was paired with).</summary>
    public void Add(LogEvent e, long now)
    {
        while (_order.TryPeek(out var oldest) && now - oldest.Time > Duplicates.SideSkew) _paired.Remove(_order.Dequeue());
        if (_paired.Add(e)) _order.Enqueue(e);
    }
}
