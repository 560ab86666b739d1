namespace Taskroute.Server.Hosting;

/// <summary>A configuration could not be kept in the data directory before the journal would name it (a disk full, a read-only folder): nothing was changed.</summary>
public sealed class ConfigurationNotKeptException(string message, Exception inner) : Exception(message, inner);
