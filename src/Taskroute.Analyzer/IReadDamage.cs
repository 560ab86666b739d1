namespace Taskroute.Analyzer;

/// <summary>
/// A stream that can tell, once read to its end, that it was damaged: a gzip file cut short reads
/// without complaint up to where it stops, so it says so here instead of failing the lines it holds.
/// </summary>
internal interface IReadDamage
{
    /// <summary>What was wrong, once the end was reached; null when nothing was.</summary>
    string? Damage { get; }
}
