using System.Threading.Channels;

namespace Taskroute.Cluster;

/// <summary>
/// One event stream's ear on its agent's domain: it passes the agent's updates on in the order the
/// domain made them, or ends (<see cref="Updates"/> completes, <see cref="Ended"/> says why) when it
/// can no longer vouch for that, so that the desktop reads the agent afresh.
/// </summary>
/// <remarks>
/// Orleans delivers one-way messages between silos in no set order: the silo receiving them decodes
/// and dispatches each on a thread-pool work item of its own, so two updates of one batch often come
/// the wrong way round. The domain numbers each agent's updates per activation
/// (<see cref="AgentUpdate.Sequence"/>); an update that comes early is held until the ones before it
/// arrive. One that has not arrived after <see cref="GapTimeout"/> (by the server's clock) is taken
/// for lost, and so is the listener's place once the domain has moved to a new activation, which
/// numbers afresh and never had the listener's subscription for what it did before it was reached.
/// </remarks>
public sealed class AgentUpdateListener : IAgentUpdateObserver, IDisposable
{
    /// <summary>How long an update that came early waits for the one missing before it.</summary>
    public static readonly TimeSpan GapTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How many updates may wait for the stream to write them, or for one missing before them.</summary>
    public const int Capacity = 1024;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ITimer _gapTimer;
    private readonly Channel<AgentUpdate> _ready = Channel.CreateBounded<AgentUpdate>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SortedDictionary<long, AgentUpdate> _held = [];

    // What came before the listener knew where the domain stood; null from then on.
    private List<AgentUpdate>? _early = [];
    private long _epoch;
    private long _next;
    // The highest number the domain is known to have given: from an update, or from listening again.
    private long _given;
    // The number the gap timer waits for (0: none), and since when.
    private long _missing;
    private long _missingSince;
    private string? _ended;

    public AgentUpdateListener(TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _gapTimer = time.CreateTimer(static state => ((AgentUpdateListener)state!).GapTimedOut(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The agent's updates in the domain's order; completes when the listener ends.</summary>
    public ChannelReader<AgentUpdate> Updates => _ready.Reader;

    /// <summary>Why the listener ended, or null while it runs.</summary>
    public string? Ended
    {
        get
        {
            lock (_gate) return _ended;
        }
    }

    public void OnUpdate(AgentUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            if (_ended is not null) return;
            // A domain of the version before numbers nothing: its updates go on as they come, as they always did.
            if (update.Sequence == 0)
            {
                Pass(update);
                return;
            }
            if (_early is { } early)
            {
                early.Add(update);
                if (early.Count > Capacity) EndHeld($"more than {Capacity} updates came before the domain said where they start");
                return;
            }
            Take(update);
            Drain();
        }
    }

    /// <summary>
    /// Where the domain's updates stand, as it answered the listener's (first or renewed) subscription:
    /// the first answer says which number comes next; a later one from another activation ends the
    /// listener, and one past what arrived starts the wait for what has not.
    /// </summary>
    public void Listening(AgentUpdatePosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        lock (_gate)
        {
            if (_ended is not null) return;
            if (_early is { } early)
            {
                _early = null;
                (_epoch, _next, _given) = (position.Epoch, position.Sequence + 1, position.Sequence);
                foreach (var update in early)
                {
                    Take(update);
                    if (_ended is not null) return;
                }
            }
            else if (position.Epoch != _epoch)
            {
                EndHeld("the domain moved to a new activation, which may have made updates before this stream reached it");
                return;
            }
            else if (position.Sequence > _given)
            {
                _given = position.Sequence;
            }
            Drain();
        }
    }

    /// <summary>Ends the listener (its domain's silo died, say): what is in order so far is still read, then <see cref="Updates"/> completes.</summary>
    public void End(string why)
    {
        lock (_gate) EndHeld(why);
    }

    public void Dispose()
    {
        // An update still on its way finds the listener ended, not its timer gone.
        lock (_gate)
        {
            EndHeld("the stream ended");
            _gapTimer.Dispose();
        }
    }

    private void Take(AgentUpdate update)
    {
        if (update.Epoch != _epoch)
        {
            // An earlier activation's straggler says nothing now; a later one means the domain moved.
            if (update.Epoch > _epoch) EndHeld("the domain moved to a new activation");
            return;
        }
        if (update.Sequence < _next || !_held.TryAdd(update.Sequence, update)) return;
        _given = Math.Max(_given, update.Sequence);
        if (_held.Count > Capacity) EndHeld($"more than {Capacity} updates waited for update {_next}");
    }

    private void Drain()
    {
        while (_ended is null && _held.Remove(_next, out var update))
        {
            if (update.Moving)
            {
                EndHeld("the domain is moving to a new activation");
                return;
            }
            if (!Pass(update)) return;
            _next++;
        }
        if (_ended is not null) return;
        if (_next > _given)
        {
            _missing = 0;
            _gapTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        else if (_missing != _next)
        {
            (_missing, _missingSince) = (_next, _time.GetTimestamp());
            _gapTimer.Change(GapTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private bool Pass(AgentUpdate update)
    {
        if (_ready.Writer.TryWrite(update)) return true;
        // Dropping updates would leave the desktop showing a state the agent is no longer in.
        EndHeld($"the stream fell {Capacity} updates behind");
        return false;
    }

    private void GapTimedOut()
    {
        lock (_gate)
        {
            // The timer may have fired just as the wait moved on to another number: that wait has its own.
            if (_ended is not null || _missing == 0 || _missing != _next || _time.GetElapsedTime(_missingSince) < GapTimeout) return;
            EndHeld($"update {_missing} from the domain did not arrive within {GapTimeout.TotalSeconds:0.#} s");
        }
    }

    private void EndHeld(string why)
    {
        if (_ended is not null) return;
        _ended = why;
        _held.Clear();
        _early = null;
        _gapTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ready.Writer.TryComplete();
    }
}
