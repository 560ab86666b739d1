using Taskroute.Server.Hosting;

namespace Taskroute.Cli.Commands;

/// <summary>
/// A data directory read without its server (<c>--data</c>). Reading brings the trace index and the
/// reports up to date, which writes them: with the server running, two writers would each rebuild
/// what the other keeps (a report with another interval length rewrote the live server's reports).
/// So the command holds the directory as a server would, and is refused while one runs.
/// </summary>
internal static class OfflineDataDirectory
{
    public static bool TryHold(string directory, string command, out DataDirectoryLock? held, out string? why)
    {
        held = null;
        why = null;
        try
        {
            held = DataDirectoryLock.Take(directory);
            return true;
        }
        catch (DataDirectoryInUseException)
        {
            why = $"a Taskroute server is running on {directory}; ask it instead: taskroute {command} ... --server http://HOST:PORT (--data is for a stopped server's directory)";
            return false;
        }
        catch (UnauthorizedAccessException ex)
        {
            why = $"cannot open {directory}: {ex.Message}";
            return false;
        }
    }
}
