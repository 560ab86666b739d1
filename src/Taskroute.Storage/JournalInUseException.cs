namespace Taskroute.Storage;

/// <summary>Another server writes the journal: a second writer would number records the first believes only it numbers.</summary>
public sealed class JournalInUseException(string message) : Exception(message);
