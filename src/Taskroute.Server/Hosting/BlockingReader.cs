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
            _ready.Wait(CancellationToken.None);
        }
        return pending.GetAwaiter().GetResult();
    }

    public bool TryRead([MaybeNullWhen(false)] out T item) => _reader.TryRead(out item);

    public bool TryPeek([MaybeNullWhen(false)] out T item) => _reader.TryPeek(out item);
}
