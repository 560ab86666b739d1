namespace Taskroute.Server.Hosting;

/// <summary>
/// One server per data directory. A second server on the same journal would number records the
/// first believes only it numbers, and whichever committed second would stop; until then each would
/// serve a state the other does not see. The lock is a file held open with an exclusive lock, which
/// the kernel lets go of with the process, so a server killed with SIGKILL leaves nothing to clean.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "taskroute.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>Takes the directory (creating it if need be), or throws <see cref="DataDirectoryInUseException"/> while another server holds it.</summary>
    public static DataDirectoryLock Take(string directory)
    {
        // A new one is its owner's only: the journal, traces, reports and logs hold customers' data
        // (names, call variables), and files are made under the process's umask. One that exists is left as its owner made it.
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
            else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var path = Path.Combine(directory, FileName);
        FileStream file;
        try
        {
            // FileShare.None is an exclusive flock on Linux and a sharing lock on Windows: both refuse a second holder.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (HeldByAnother(ex))
        {
            throw new DataDirectoryInUseException(directory, ex);
        }
        catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            // A read-only file system, a full disk, a failing device: not another server's doing.
            throw new IOException($"the data directory {directory} cannot be used: {ex.Message.TrimEnd('.')} (it must be a writable directory)", ex);
        }
        // For whoever looks: which process holds it.
        file.SetLength(0);
        var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
        file.Write(pid);
        file.Flush();
        return new DataDirectoryLock(file);
    }

    public void Dispose() => _file.Dispose();

    // Only a lock someone holds means another server: on Unix the lock's EWOULDBLOCK (11 on Linux,
    // 35 on macOS) as the exception's HResult, on Windows a sharing or lock violation.
    private static bool HeldByAnother(IOException ex) => OperatingSystem.IsWindows()
        ? (ex.HResult & 0xFFFF) is 32 or 33
        : ex.HResult == (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 35 : 11);
}

/// <summary>Another server holds the data directory.</summary>
public sealed class DataDirectoryInUseException(string directory, Exception inner)
    : IOException($"the data directory {directory} is in use by another Taskroute server (it holds {DataDirectoryLock.FileName}); stop it, or give this one another --data", inner);
