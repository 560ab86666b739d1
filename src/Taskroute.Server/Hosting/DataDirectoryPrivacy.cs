using Microsoft.Extensions.Logging;

namespace Taskroute.Server.Hosting;

/// <summary>
/// Says once at start that users other than the owner may read the data directory: one an older
/// build made under the usual umask (0755, its files 0644) holds customers' names and call variables
/// open to the whole machine. Its mode is left as the owner set it: changing it could lock out a
/// backup job or a group that was given it on purpose.
/// </summary>
internal static partial class DataDirectoryPrivacy
{
    // The directory alone decides: SQLite makes journal.db 0644 under a 0022 umask even in a directory
    // the server made 0700, where nobody else can reach it. Group or others able to list or enter it
    // reach every file in it that is not its owner's only.
    private const UnixFileMode Open = UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode Readable = UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void WarnIfOthersMayRead(string directory, ILogger logger)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(directory)) return;
        var mode = File.GetUnixFileMode(directory);
        if ((mode & Open) == 0) return;
        var journal = Path.Combine(directory, "journal.db");
        var modes = $"mode {Octal(mode)}";
        if (File.Exists(journal) && File.GetUnixFileMode(journal) is var journalMode && (journalMode & Readable) != 0)
            modes += $", journal.db {Octal(journalMode)}";
        LogReadableByOthers(logger, directory, modes);
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data directory {Directory} can be read by users of this machine other than its owner ({Modes}): its journal, snapshots, reports and component logs hold customers' names and call variables. Make it its owner's only with chmod -R go-rwx {Directory} (a data directory the server makes is so; this one is left as it is)")]
    private static partial void LogReadableByOthers(ILogger logger, string directory, string modes);
}
