using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Taskroute.Cli.Load;

/// <summary>
/// The few Linux calls the lean load generator makes: epoll and non-blocking send and receive on
/// sockets .NET connected. .NET's own socket engine tries every receive once before it waits
/// (an extra failed system call per message) and completes it on another thread; on this machine
/// those calls and hand-offs were a third of a load generator that shares the cores with the server
/// it measures.
/// </summary>
internal static partial class Epoll
{
    public const uint In = 0x001, Out = 0x004, Err = 0x008, Hup = 0x010, RdHup = 0x2000;
    private const int CtlAdd = 1, CtlDel = 2, CtlMod = 3, CloseOnExec = 0x80000, NoSignal = 0x4000;
    public const int WouldBlock = 11, Interrupted = 4;

    // struct epoll_event is packed on x86-64 (12 bytes, data at 4) and natural elsewhere (16, at 8).
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    /// <summary>Linux on x86-64 or arm64, where the layout above holds.</summary>
    public static bool Supported => OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    public static int Create() => Check(epoll_create1(CloseOnExec), "epoll_create1");

    public static void Add(int epoll, int fd, uint events, ulong data) => Control(epoll, CtlAdd, fd, events, data);

    public static void Modify(int epoll, int fd, uint events, ulong data) => Control(epoll, CtlMod, fd, events, data);

    public static void Remove(int epoll, int fd) => epoll_ctl(epoll, CtlDel, fd, new byte[16]);

    /// <summary>Waits for events into <paramref name="events"/>; answers how many (0 on a timeout or a signal).</summary>
    public static int Wait(int epoll, Span<byte> events, int timeoutMs)
    {
        var count = epoll_wait(epoll, events, events.Length / EventSize, timeoutMs);
        if (count >= 0) return count;
        if (Marshal.GetLastPInvokeError() == Interrupted) return 0;
        throw new IOException($"epoll_wait failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public static uint EventsAt(ReadOnlySpan<byte> events, int index) => BinaryPrimitives.ReadUInt32LittleEndian(events[(index * EventSize)..]);

    public static ulong DataAt(ReadOnlySpan<byte> events, int index) => BinaryPrimitives.ReadUInt64LittleEndian(events[(index * EventSize + DataOffset)..]);

    /// <summary>Bytes received; 0 when the peer closed; -1 when nothing is there yet; throws on a failure.</summary>
    public static int Receive(int fd, Span<byte> into)
    {
        while (true)
        {
            var count = recv(fd, into, into.Length, 0);
            if (count >= 0) return (int)count;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == WouldBlock) return -1;
            if (errno != Interrupted) throw new IOException($"recv failed: errno {errno}");
        }
    }

    /// <summary>Bytes the kernel took (maybe fewer than given, 0 when its buffer is full); throws on a failure.</summary>
    public static int Send(int fd, ReadOnlySpan<byte> bytes)
    {
        while (true)
        {
            var count = send(fd, bytes, bytes.Length, NoSignal);
            if (count >= 0) return (int)count;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == WouldBlock) return 0;
            if (errno != Interrupted) throw new IOException($"send failed: errno {errno}");
        }
    }

    private static void Control(int epoll, int op, int fd, uint events, ulong data)
    {
        Span<byte> item = stackalloc byte[16];
        item.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(item, events);
        BinaryPrimitives.WriteUInt64LittleEndian(item[DataOffset..], data);
        Check(epoll_ctl(epoll, op, fd, item), "epoll_ctl");
    }

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new IOException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, Span<byte> @event);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_wait(int epfd, Span<byte> events, int maxevents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(int fd, Span<byte> buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(int fd, ReadOnlySpan<byte> buffer, nint length, int flags);
}
