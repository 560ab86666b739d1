using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Taskroute.Core.Engine;

namespace Taskroute.Server.Hosting;

/// <summary>
/// The one writer: owns the routing engine and runs every command on a single loop fed by a
/// channel (the LMAX pattern). Request handlers and timers only post work and await its result; the
/// loop also ticks the engine at its next deadline, read from the <see cref="TimeProvider"/>.
/// </summary>
public sealed class EngineHost(RoutingEngine engine, TimeProvider time) : BackgroundService
{
    private readonly Channel<Work> _inbox = Channel.CreateBounded<Work>(new BoundedChannelOptions(65_536)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private abstract class Work
    {
        public abstract void Run(RoutingEngine engine, long now);
    }

    private sealed class Work<T>(Func<RoutingEngine, long, T> body) : Work
    {
        public readonly TaskCompletionSource<T> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(RoutingEngine engine, long now)
        {
            try
            {
                Done.SetResult(body(engine, now));
            }
            catch (Exception ex)
            {
                Done.SetException(ex);
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> on the writer loop with the current time, and returns its result.</summary>
    public async Task<T> RunAsync<T>(Func<RoutingEngine, long, T> body, CancellationToken cancellationToken = default)
    {
        var work = new Work<T>(body);
        await _inbox.Writer.WriteAsync(work, cancellationToken);
        return await work.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _inbox.Reader;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (engine.NextDeadline is { } due && due <= now) engine.Tick(now);
            while (reader.TryRead(out var work)) work.Run(engine, time.GetUtcNow().ToUnixTimeMilliseconds());

            // Sleep until work arrives or the next deadline, whichever comes first.
            var delay = engine.NextDeadline is { } next
                ? TimeSpan.FromMilliseconds(Math.Max(1, next - time.GetUtcNow().ToUnixTimeMilliseconds()))
                : Timeout.InfiniteTimeSpan;
            using var deadline = new CancellationTokenSource(delay, time);
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
            try
            {
                await reader.WaitToReadAsync(wake.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // A deadline is due.
            }
        }
    }
}
