using System.Diagnostics;
using System.Net;

namespace Taskroute.Server.Tests;

/// <summary>The real <c>taskroute serve</c> in a child process, so a test can kill it with SIGKILL, signal it, and read what it printed.</summary>
internal sealed class ChildServer : IAsyncDisposable
{
    private readonly Process _process;
    // Standard output and error as they come, one line each; guarded by itself.
    private readonly List<string> _lines = [];
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    private ChildServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }
    public HttpClient Client { get; }

    /// <summary>Everything the server has printed so far, standard output and error as they came.</summary>
    public string Output
    {
        get
        {
            lock (_lines) return string.Join('\n', _lines);
        }
    }

    /// <summary>A server on a free port; a cluster's silo, which keeps nothing on disk, with no <paramref name="dataDirectory"/>.</summary>
    public static Task<ChildServer> StartAsync(string? dataDirectory, CancellationToken cancellationToken, params string[] extra) =>
        StartAsync(dataDirectory, new Dictionary<string, string>(), cancellationToken, extra);

    /// <summary>As above, with <paramref name="environment"/> added to the child's environment.</summary>
    public static async Task<ChildServer> StartAsync(string? dataDirectory, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken, params string[] extra)
    {
        var port = FreePort.Next();
        var cli = Path.Combine(AppContext.BaseDirectory, "taskroute.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "serve", "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        if (dataDirectory is not null)
        {
            start.ArgumentList.Add("--data");
            start.ArgumentList.Add(dataDirectory);
        }
        foreach (var arg in extra) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var server = new ChildServer(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => server.Heard(line.Data);
        process.ErrorDataReceived += (_, line) => server.Heard(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync(cancellationToken);
        return server;
    }

    private void Heard(string? line)
    {
        if (line is null) return;
        lock (_lines)
        {
            _lines.Add(line);
            foreach (var (text, seen) in _awaited)
                if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
        }
    }

    /// <summary>Waits until a line holding <paramref name="text"/> has been printed; a <see cref="TimeoutException"/> naming what was printed after <paramref name="timeout"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.Any(line => line.Contains(text, StringComparison.Ordinal))) return;
            _awaited.Add((text, seen));
        }
        try
        {
            await seen.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"taskroute serve did not print '{text}' within {timeout.TotalSeconds} s; it printed:\n{Output}");
        }
    }

    /// <summary>Polls /readyz until the server has replayed its journal and answers.</summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited) throw new InvalidOperationException($"taskroute serve exited with {_process.ExitCode}");
            try
            {
                using var response = await Client.GetAsync("/readyz", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50, cancellationToken);
        }
        throw new TimeoutException("taskroute serve was not ready within 60 s");
    }

    /// <summary>Sends the server a signal by name (<c>HUP</c>, <c>TERM</c>), as a terminal or a supervisor would.</summary>
    /// <summary>
    /// Whether this test run ignores SIGHUP (started under nohup, say): a child server inherits that,
    /// and then rightly takes no hang-up, as its starter asked.
    /// </summary>
    public static bool HangUpIgnored()
    {
        if (!OperatingSystem.IsLinux()) return false;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        // A mask of the signals ignored, in hex: SIGHUP, signal 1, is its lowest bit.
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & 1) != 0;
    }

    public async Task SignalAsync(string name, CancellationToken cancellationToken)
    {
        // .NET sends no signal but SIGKILL: kill(1) does.
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        await kill.WaitForExitAsync(cancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The server's exit code once it has exited, and all its output read; a <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var within = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        within.CancelAfter(timeout);
        try
        {
            // Returns once the redirected output has ended too, so Output is whole.
            await _process.WaitForExitAsync(within.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"taskroute serve did not exit within {timeout.TotalSeconds} s; it printed:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown, no flush, exactly like a power cut to the process.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited) Kill();
        _process.Dispose();
        await Task.CompletedTask;
    }

}
