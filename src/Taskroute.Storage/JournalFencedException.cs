namespace Taskroute.Storage;

/// <summary>A newer writer took the journal over: this one must stop, its unwritten state is not the record.</summary>
public sealed class JournalFencedException(string message) : Exception(message);
