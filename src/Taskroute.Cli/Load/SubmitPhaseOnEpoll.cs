using System.Diagnostics;

namespace Taskroute.Cli.Load;

/// <summary>
/// One phase of <c>taskroute bench</c>'s submit load on a <see cref="LoadLoop"/>: every connection
/// sends the same POST again as soon as the last one is answered, until the phase's time is up.
/// </summary>
internal static class SubmitPhaseOnEpoll
{
    /// <summary>The phase's latencies in milliseconds (unsorted), its errors and how long it took.</summary>
    public sealed record Outcome(List<double> Latencies, long Errors, TimeSpan Elapsed);

    public static async Task<Outcome> RunAsync(Uri server, string path, string json, TimeSpan duration, int connections, CancellationToken cancellationToken)
    {
        var request = SubmitConnection.Post(server, path, json);
        using var loop = new LoadLoop("taskroute bench load");
        var latencies = new List<double>(1 << 20);
        long errors = 0;
        var open = connections;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();

        void Finished()
        {
            if (--open == 0) done.TrySetResult();
        }

        void Next(SubmitConnection connection)
        {
            if (clock.Elapsed >= duration || cancellationToken.IsCancellationRequested) { Finished(); return; }
            if (connection.Closed)
            {
                try
                {
                    connection = Connect();
                }
                catch (System.Net.Sockets.SocketException)
                {
                    errors++;
                    Finished();
                    return;
                }
            }
            connection.Submit();
        }

        SubmitConnection Connect() => new(loop, server, request, (connection, status, _, sentAt) =>
        {
            latencies.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
            if (status != 201) errors++;
            Next(connection);
        }, (connection, _, inFlight) =>
        {
            if (!inFlight) return;
            errors++;
            Next(connection);
        });

        var all = Enumerable.Range(0, connections).Select(_ => Connect()).ToList();
        clock.Restart();
        loop.Post(() => all.ForEach(c => c.Submit()));
        loop.Start();
        await done.Task.WaitAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        // The loop has nothing left to do; what it counted is read once it has stopped.
        loop.Dispose();
        return new Outcome(latencies, errors, elapsed);
    }
}
