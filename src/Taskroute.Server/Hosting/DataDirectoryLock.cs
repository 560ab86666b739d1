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
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        FileStream file;
        try
        {
            // FileShare.None is an exclusive flock on Linux and a sharing lock on Windows: both refuse a second holder.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            throw new DataDirectoryInUseException(directory, ex);
        }
        // For whoever looks: which process holds it.
        file.SetLength(0);
        var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
        file.Write(pid);
        file.Flush();
        return new DataDirectoryLock(file);
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>Another server holds the data directory.</summary>
public sealed class DataDirectoryInUseException(string directory, Exception inner)
    : IOException($"the data directory {directory} is in use by another Taskroute server (it holds {DataDirectoryLock.FileName}); stop it, or give this one another --data", inner);
