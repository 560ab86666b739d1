namespace Taskroute.Storage;

/// <summary>
/// A record's events hold a field or a message this build does not know, so a newer build wrote them;
/// the journal's reader says so with the record's sequence (<see cref="JournalTooNewException"/>).
/// </summary>
internal sealed class UnknownEventException(string what) : Exception(what)
{
    /// <summary>What is unknown: <c>event field 23</c>, <c>event message 250</c>.</summary>
    public string What { get; } = what;
}
