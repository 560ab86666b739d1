using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Taskroute.Logs;

/// <summary>
/// Gives the kernel back the cached pages of a stretch of file once it is on disk. A log is written
/// once and seldom read, yet each byte written lands in a page newly taken for the page cache; on
/// a virtual machine whose host backs guest memory lazily, filling fresh pages costs several times
/// the copy itself (2.5 s of CPU per GB written here, against 0.4 s when the same pages are handed
/// back and taken again; docs/benchmarks.md). Best effort: anything the system refuses is ignored.
/// </summary>
internal static class PageCache
{
    private const uint SyncWaitBefore = 1, SyncWrite = 2, SyncWaitAfter = 4;
    private const int AdviseDontNeed = 4;
    private static bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>Writes the stretch out, waits for it, and drops its pages from the cache.</summary>
    public static void Release(SafeFileHandle file, long offset, long length)
    {
        if (s_unavailable || length <= 0 || file.IsInvalid || file.IsClosed) return;
        try
        {
            var fd = (int)file.DangerousGetHandle();
            // Only clean pages can be dropped: the stretch is written first, without the metadata
            // and journal commit an fsync would add.
            if (sync_file_range(fd, offset, length, SyncWaitBefore | SyncWrite | SyncWaitAfter) == 0)
                _ = posix_fadvise(fd, offset, length, AdviseDontNeed);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
        }
    }

    [DllImport("libc", EntryPoint = "sync_file_range")]
    private static extern int sync_file_range(int fd, long offset, long nbytes, uint flags);

    [DllImport("libc", EntryPoint = "posix_fadvise")]
    private static extern int posix_fadvise(int fd, long offset, long len, int advice);
}
