using System.Collections.Concurrent;
using System.Diagnostics;

namespace Taskroute.Cli.Load;

/// <summary>
/// One thread that runs a load's connections: it waits on epoll for sockets that can be read or
/// written, runs the timers that are due, and the work other threads post to it. Everything a
/// connection does happens on this thread, so the load's own state needs no locks.
/// </summary>
internal sealed class LoadLoop : IDisposable
{
    // Posted work waits at most this long when no socket wakes the loop.
    private const int IdleWaitMs = 20;

    private readonly int _epoll = Epoll.Create();
    private readonly List<LoadConnection?> _connections = [];
    private readonly PriorityQueue<Action, long> _timers = new();
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly Thread _thread;
    private volatile bool _stopping;
    private bool _disposed;

    public LoadLoop(string name)
    {
        _thread = new Thread(Run) { Name = name, IsBackground = true };
    }

    public void Start() => _thread.Start();

    /// <summary>Registers a connected socket for reading; only on the loop's thread once it runs.</summary>
    internal int Register(LoadConnection connection)
    {
        var id = _connections.Count;
        _connections.Add(connection);
        Epoll.Add(_epoll, connection.Fd, Epoll.In | Epoll.RdHup, (ulong)id);
        return id;
    }

    internal void Watch(LoadConnection connection, bool writable) =>
        Epoll.Modify(_epoll, connection.Fd, Epoll.In | Epoll.RdHup | (writable ? Epoll.Out : 0), (ulong)connection.Id);

    internal void Unregister(LoadConnection connection)
    {
        Epoll.Remove(_epoll, connection.Fd);
        _connections[connection.Id] = null;
    }

    /// <summary>Runs <paramref name="action"/> on the loop at <paramref name="timestamp"/> (<see cref="Stopwatch"/> ticks) or soon after.</summary>
    public void At(long timestamp, Action action) => _timers.Enqueue(action, timestamp);

    /// <summary>Runs <paramref name="action"/> on the loop's thread soon; from any thread.</summary>
    public void Post(Action action) => _posted.Enqueue(action);

    /// <summary>Answers what <paramref name="question"/> finds on the loop's thread; from any thread.</summary>
    public Task<T> Ask<T>(Func<T> question)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try { answer.SetResult(question()); }
            catch (Exception ex) { answer.SetException(ex); }
        });
        return answer.Task;
    }

    /// <summary>The first failure of a timer's or posted work, which the loop outlived; null while none.</summary>
    public Exception? Fault { get; private set; }

    private void Run()
    {
        var events = new byte[512 * Epoll.EventSize];
        while (!_stopping)
        {
            // Posted work first: what starts a load should not wait out the first idle wait.
            while (_posted.TryDequeue(out var action)) Guard(action);
            var timeout = IdleWaitMs;
            // Rounded up: a timer due in under a millisecond would otherwise make the loop spin.
            if (_timers.TryPeek(out _, out var due))
                timeout = (int)Math.Clamp(Math.Ceiling(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due).TotalMilliseconds), 0, IdleWaitMs);
            var count = Epoll.Wait(_epoll, events, timeout);
            for (var i = 0; i < count; i++)
            {
                var connection = _connections[(int)Epoll.DataAt(events, i)];
                if (connection is null) continue;
                var what = Epoll.EventsAt(events, i);
                try
                {
                    if ((what & Epoll.Out) != 0) connection.OnWritable();
                    if ((what & (Epoll.In | Epoll.Err | Epoll.Hup | Epoll.RdHup)) != 0) connection.OnReadable();
                }
                catch (Exception ex)
                {
                    // One connection's surprise ends that connection, not the load.
                    connection.Abort($"{ex.GetType().Name}: {ex.Message}");
                }
            }
            var now = Stopwatch.GetTimestamp();
            while (_timers.TryPeek(out _, out var at) && at <= now) Guard(_timers.Dequeue());
        }
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            Fault ??= ex;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stopping = true;
        if (_thread.IsAlive) _thread.Join();
        // By index: a connection's Dispose clears its own slot.
        for (var i = 0; i < _connections.Count; i++) _connections[i]?.Dispose();
        _connections.Clear();
        // The epoll instance is a file descriptor like any other: a handle that owns it closes it.
        new Microsoft.Win32.SafeHandles.SafeFileHandle(_epoll, ownsHandle: true).Dispose();
    }
}
