namespace Taskroute.Logs;

/// <summary>
/// How the component logs and their copies are made on disk: folders their owner's only (0700),
/// files readable and writable by their owner only (0600). Their lines hold customers' call and ECC
/// variables, and a logs folder may be moved out of the data directory (which a server makes 0700)
/// to a place such as /var/log, where the usual umask (0022) would let every local user read them.
/// Only what is created here gets these modes: a folder or file that is already there keeps the
/// ones its owner gave it. Windows has no such modes; there the folder's ACL is inherited.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> and each missing folder above it, every one of them 0700.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        var missing = new Stack<string>();
        for (var at = Path.GetFullPath(path); !Directory.Exists(at); at = Path.GetDirectoryName(at)!)
        {
            missing.Push(at);
            if (Path.GetDirectoryName(at) is null) break;
        }
        // Top down, each given the mode itself: which parents Directory.CreateDirectory(path, mode) gives it to is not documented.
        while (missing.TryPop(out var folder)) Directory.CreateDirectory(folder, FolderMode);
    }

    /// <summary>Options for a <see cref="FileStream"/> that creates its file 0600 (one that exists keeps its mode).</summary>
    public static FileStreamOptions Options(System.IO.FileMode mode, FileAccess access, FileShare share = FileShare.Read, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        return options;
    }

    /// <summary>As <see cref="File.Create(string)"/>, the file made 0600.</summary>
    public static FileStream Create(string path) => new(path, Options(System.IO.FileMode.Create, FileAccess.ReadWrite, FileShare.None));
}
