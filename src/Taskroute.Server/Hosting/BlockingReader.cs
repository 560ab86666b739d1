using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Taskroute.Server.Hosting;

/// <summary>
/// Waits for a channel's next item on a thread of its own without spinning first. Blocking on the
/// channel's task spins and yields before it sleeps; on a small machine under load those spins take
/// the CPU from the threads that would have written the item.
/// </summary>
internal sealed class BlockingReader<T>
{
    private readonly ChannelReader<T> _reader;
    private readonly ManualResetEventSlim _ready = new(false, spinCount: 0);
    private readonly Action _wake;

    public BlockingReader(ChannelReader<T> reader)
    {
        _reader = reader;
        _wake = _ready.Set;
    }

    /// <summary>As <see cref="ChannelReader{T}.WaitToReadAsync"/>, but blocking: false once the channel is completed and empty.</summary>
    public bool WaitToRead(CancellationToken cancellation = default)
    {
        var pending = _reader.WaitToReadAsync(cancellation);
        if (!pending.IsCompleted)
        {
            _ready.Reset();
            pending.GetAwaiter().UnsafeOnCompleted(_wake);
            // The event may be set by an earlier wait that a wake ended (its completion still sets
            // it) or by a late wake: only this wait's completion ends it. Reset before looking, so
            // that a completion after the look sets it again.
            while (true)
            {
                _ready.Wait(CancellationToken.None);
                _ready.Reset();
                if (pending.IsCompleted) break;
            }
        }
        return pending.GetAwaiter().GetResult();
    }

    /// <summary>Ends a <see cref="WaitForItemOrWake"/> under way, or the next one since <see cref="PrepareToWait"/>: for a deadline or a stop.</summary>
    public void Wake() => _ready.Set();

    /// <summary>Forgets earlier wakes: a <see cref="Wake"/> from here on ends the next wait.</summary>
    public void PrepareToWait() => _ready.Reset();

    /// <summary>Blocks until an item can be read, the channel completes, or <see cref="Wake"/> is called (since <see cref="PrepareToWait"/>).</summary>
    public void WaitForItemOrWake()
    {
        var pending = _reader.WaitToReadAsync();
        if (pending.IsCompleted)
        {
            pending.GetAwaiter().GetResult();
            return;
        }
        // A wait ended by a wake leaves this one registered: the item that completes it later sets
        // the event once more, and the loop that finds nothing to read just waits again.
        pending.GetAwaiter().UnsafeOnCompleted(_wake);
        _ready.Wait(CancellationToken.None);
    }

    /// <summary>
    /// Reads and drops every item until <paramref name="delay"/> has passed on <paramref name="time"/>;
    /// false when the channel completes first. For a reader that stopped after a failure and must
    /// never make its writer wait: it catches up from the source of the items once this returns, and
    /// since it reads that source only after the dropping has ended, nothing dropped is missed there.
    /// <paramref name="armed"/> runs once the wait has begun, so that whoever learns of it from there
    /// can count on its end (a test's clock moved by hand, for one).
    /// </summary>
    public bool DiscardFor(TimeProvider time, TimeSpan delay, Action? armed = null)
    {
        var due = new System.Runtime.CompilerServices.StrongBox<bool>();
        using var timer = time.CreateTimer(_ =>
        {
            Volatile.Write(ref due.Value, true);
            Wake();
        }, null, delay, Timeout.InfiniteTimeSpan);
        armed?.Invoke();
        while (true)
        {
            Drain();
            PrepareToWait();
            if (Volatile.Read(ref due.Value)) return true;
            if (_reader.Completion.IsCompleted) return false;
            WaitForItemOrWake();
        }
    }

    /// <summary>Reads and drops every item there is now.</summary>
    public void Drain()
    {
        while (_reader.TryRead(out _)) { }
    }

    public bool TryRead([MaybeNullWhen(false)] out T item) => _reader.TryRead(out item);

    public bool TryPeek([MaybeNullWhen(false)] out T item) => _reader.TryPeek(out item);
}
