namespace Taskroute.Server.Hosting;

/// <summary>
/// The server was started with a configuration under which its journal does not replay the same:
/// starting would rewrite what already happened (tasks handled long ago queued again, task ids given
/// out twice). The message names the first record that differs and what to do.
/// </summary>
public sealed class ConfigurationChangedException(string message) : Exception(message);
