using System.Diagnostics;

namespace Taskroute.Cli.Load;

/// <summary>
/// One phase of <c>taskroute bench</c>'s submit load on a <see cref="LoadLoop"/>: every connection
/// sends the same POST again as soon as the last one is answered, until the phase's time is up.
/// </summary>
internal static class SubmitPhaseOnEpoll
{
    // A request still unanswered this long after the phase's end is given up as an error, as
    // HttpClient's timeout did: a stalled server must not hold the bench for ever.
    private static readonly TimeSpan DefaultAnswerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The phase's latencies in milliseconds (unsorted, failed requests' too), its errors, how long it
    /// took, how many requests were answered 201, and the first failure in words (null without one).
    /// </summary>
    public sealed record Outcome(List<double> Latencies, long Errors, TimeSpan Elapsed, long Succeeded = 0, string? FirstError = null);

    public static async Task<Outcome> RunAsync(Uri server, string path, string json, TimeSpan duration, int connections, CancellationToken cancellationToken,
        TimeSpan? answerTimeout = null)
    {
        var timeout = answerTimeout ?? DefaultAnswerTimeout;
        var request = SubmitConnection.Post(server, path, json);
        using var loop = new LoadLoop("taskroute bench load");
        var latencies = new List<double>(1 << 20);
        long errors = 0;
        long succeeded = 0;
        string? firstError = null;
        var open = connections;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();
        var live = new List<SubmitConnection>(connections);

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
                catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
                {
                    errors++;
                    firstError ??= ex.Message;
                    Finished();
                    return;
                }
            }
            connection.Submit();
        }

        SubmitConnection Connect()
        {
            var connection = new SubmitConnection(loop, server, request, (connection, status, _, sentAt) =>
            {
                latencies.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
                if (status == 201)
                {
                    succeeded++;
                }
                else
                {
                    errors++;
                    firstError ??= $"answered {status}";
                }
                Next(connection);
            }, (connection, why, inFlight) =>
            {
                if (!inFlight) return;
                errors++;
                firstError ??= why;
                Next(connection);
            });
            live.Add(connection);
            return connection;
        }

        for (var i = 0; i < connections; i++) Connect();
        loop.Post(() =>
        {
            clock.Start();
            loop.At(Stopwatch.GetTimestamp() + (long)((duration + timeout).TotalSeconds * Stopwatch.Frequency), () =>
            {
                foreach (var stalled in live.Where(c => c.Busy && !c.Closed).ToList()) stalled.Abort($"no answer within {timeout.TotalSeconds:N0} s");
            });
            foreach (var connection in live.ToList()) connection.Submit();
        });
        loop.Start();
        await done.Task.WaitAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        // The loop has nothing left to do; what it counted is read once it has stopped.
        loop.Dispose();
        if (loop.Fault is { } fault) throw new IOException($"the load generator failed: {fault.Message}", fault);
        return new Outcome(latencies, errors, elapsed, succeeded, firstError);
    }
}
