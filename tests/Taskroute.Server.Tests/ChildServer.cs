using System.Diagnostics;
using System.Net;

namespace Taskroute.Server.Tests;

/// <summary>The real <c>taskroute serve</c> in a child process, so a test can kill it with SIGKILL.</summary>
internal sealed class ChildServer : IAsyncDisposable
{
    private readonly Process _process;

    private ChildServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }
    public HttpClient Client { get; }

    /// <summary>A server on a free port; a cluster's silo, which keeps nothing on disk, with no <paramref name="dataDirectory"/>.</summary>
    public static async Task<ChildServer> StartAsync(string? dataDirectory, CancellationToken cancellationToken, params string[] extra)
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
        if (dataDirectory is not null)
        {
            start.ArgumentList.Add("--data");
            start.ArgumentList.Add(dataDirectory);
        }
        foreach (var arg in extra) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ChildServer(process, new Uri($"http://127.0.0.1:{port}"));
        await server.WaitUntilReadyAsync(cancellationToken);
        return server;
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
