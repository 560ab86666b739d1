namespace Taskroute.Server.Hosting;

/// <summary>
/// The first damage to the data directory's databases a request ran into. A start restores the
/// newest snapshot and reads only the journal after it, so a record damaged before it shows first
/// when a trace reads it; from then on readiness says so, as the data behind the answers is no longer whole.
/// </summary>
public sealed class DamageSeen
{
    private string? _what;

    /// <summary>What the damage is and what to do; null while none was seen.</summary>
    public string? What => Volatile.Read(ref _what);

    public void Saw(string what) => Interlocked.CompareExchange(ref _what, what, null);
}
