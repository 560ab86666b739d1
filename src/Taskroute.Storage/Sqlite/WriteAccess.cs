using System.Runtime.InteropServices;

namespace Taskroute.Storage.Sqlite;

/// <summary>Whether this process may write a file, as the kernel answers access(2): permissions, an immutable file, a read-only mount.</summary>
internal static class WriteAccess
{
    private const int W_OK = 2;

    /// <summary>Why writing <paramref name="path"/> would be refused, in the system's words; null when it would not.</summary>
    public static string? Refused(string path)
    {
        if (access(path, W_OK) == 0) return null;
        var errno = Marshal.GetLastPInvokeError();
        return Marshal.GetPInvokeErrorMessage(errno).ToLowerInvariant();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
