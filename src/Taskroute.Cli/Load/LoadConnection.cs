using System.Net.Sockets;

namespace Taskroute.Cli.Load;

/// <summary>
/// A connection of the lean load generator: a socket .NET connected, then read and written without
/// blocking by its <see cref="LoadLoop"/>. Subclasses read what arrived in <see cref="Consume"/>.
/// </summary>
internal abstract class LoadConnection : IDisposable
{
    // A message larger than this is a server gone wrong, not a load to follow.
    private const int MaxBuffered = 4 << 20;

    private readonly Socket _socket;
    private byte[] _in = new byte[16 * 1024];
    private int _inCount;
    private byte[] _out = [];
    private int _outCount;
    private bool _closed;

    protected LoadConnection(LoadLoop loop, Uri server)
    {
        Loop = loop;
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Blocking, and on the loop's thread when a connection is replaced: rare, and on loopback quick.
            _socket.Connect(server.Host, server.Port);
            _socket.Blocking = false;
            Fd = (int)_socket.SafeHandle.DangerousGetHandle();
            Id = loop.Register(this);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    protected LoadLoop Loop { get; }

    internal int Fd { get; }

    internal int Id { get; }

    public bool Closed => _closed;

    /// <summary>Reads what <paramref name="data"/> holds from the start and answers how many bytes it used (0: it needs more).</summary>
    protected abstract int Consume(Span<byte> data);

    /// <summary>The connection failed or the server closed it.</summary>
    protected abstract void Failed(string why);

    internal void OnReadable()
    {
        if (_closed) return;
        if (_inCount == _in.Length)
        {
            if (_in.Length >= MaxBuffered) { Fail($"a message over {MaxBuffered} bytes"); return; }
            Array.Resize(ref _in, _in.Length * 2);
        }
        int count;
        try
        {
            count = Epoll.Receive(Fd, _in.AsSpan(_inCount));
        }
        catch (IOException ex)
        {
            Fail(ex.Message);
            return;
        }
        if (count < 0) return;
        if (count == 0) { Fail("the server closed the connection"); return; }
        _inCount += count;
        var start = 0;
        while (start < _inCount && !_closed)
        {
            var used = Consume(_in.AsSpan(start, _inCount - start));
            if (used == 0) break;
            start += used;
        }
        if (_closed) return;
        _inCount -= start;
        if (_inCount > 0 && start > 0) _in.AsSpan(start, _inCount).CopyTo(_in);
    }

    internal void OnWritable()
    {
        if (_closed || _outCount == 0) return;
        if (!Flush()) return;
        Loop.Watch(this, writable: false);
    }

    /// <summary>Sends <paramref name="bytes"/>, keeping what the kernel does not take yet for when the socket can be written.</summary>
    protected void Send(ReadOnlySpan<byte> bytes)
    {
        if (_closed) return;
        if (_outCount > 0)
        {
            Queue(bytes);
            return;
        }
        int sent;
        try
        {
            sent = Epoll.Send(Fd, bytes);
        }
        catch (IOException ex)
        {
            Fail(ex.Message);
            return;
        }
        if (sent == bytes.Length) return;
        Queue(bytes[sent..]);
        Loop.Watch(this, writable: true);
    }

    private void Queue(ReadOnlySpan<byte> bytes)
    {
        if (_out.Length < _outCount + bytes.Length) Array.Resize(ref _out, Math.Max(_outCount + bytes.Length, _out.Length * 2));
        bytes.CopyTo(_out.AsSpan(_outCount));
        _outCount += bytes.Length;
    }

    // Answers whether everything queued went.
    private bool Flush()
    {
        int sent;
        try
        {
            sent = Epoll.Send(Fd, _out.AsSpan(0, _outCount));
        }
        catch (IOException ex)
        {
            Fail(ex.Message);
            return false;
        }
        _outCount -= sent;
        if (_outCount > 0) _out.AsSpan(sent, _outCount).CopyTo(_out);
        return _outCount == 0;
    }

    /// <summary>Ends the connection from outside (a deadline, a failure the loop caught), as a failure.</summary>
    internal void Abort(string why) => Fail(why);

    protected void Fail(string why)
    {
        if (_closed) return;
        Dispose();
        Failed(why);
    }

    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        Loop.Unregister(this);
        _socket.Dispose();
    }
}
