namespace Taskroute.Logs;

/// <summary>One log file as <c>logs list</c> shows it.</summary>
// Component: the component folder it is in; RelativePath: from the data directory, with '/'.
public sealed record LogFileEntry(ComponentLog Component, string Path, string RelativePath, long Size, DateTimeOffset Modified);
