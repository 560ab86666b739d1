using Microsoft.Extensions.Logging;
using Taskroute.Storage.Snapshots;

namespace Taskroute.Server.Hosting;

/// <summary>
/// At start, the temporary files of snapshots whose write never finished: a stop's snapshot that a
/// full disk refused left one (often empty) that no start removed, holding space the next needs.
/// </summary>
internal static partial class SnapshotLeftovers
{
    /// <summary>Removes them from the data directory's snapshots folder, saying so; call with the data directory's lock held, so no other server is writing one.</summary>
    public static void Remove(ServerOptions options, ILogger logger)
    {
        // PostgreSQL's snapshots are rows written in one statement: nothing is left half way.
        if (options.Storage == "postgres") return;
        var (removed, notRemoved) = new FileSnapshotStore(options.SnapshotsDirectory).RemoveLeftovers();
        foreach (var path in removed) LogRemoved(logger, path);
        foreach (var (path, why) in notRemoved) LogNotRemoved(logger, path, why);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Path}, left by a snapshot whose write did not finish (a full disk, or a crash while it was written)")]
    private static partial void LogRemoved(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}, left by a snapshot whose write did not finish, could not be removed: {Why}; remove it by hand")]
    private static partial void LogNotRemoved(ILogger logger, string path, string why);
}
