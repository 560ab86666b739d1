using System.Net;

namespace Taskroute.Cli.Commands;

/// <summary>The server <c>bench</c> loads: on this machine, and answering before any load starts.</summary>
internal static class BenchTarget
{
    /// <summary>The server's address, or why <c>bench</c> will not load it.</summary>
    public static async Task<(Uri? Server, string? Error)> CheckAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
            return (null, $"--url: '{url}' is not a server's address; give http://HOST:PORT (for example http://127.0.0.1:5080)");
        if (!IPAddress.TryParse(server.Host, out var ip) ? server.Host != "localhost" : !IPAddress.IsLoopback(ip))
            return (null, "bench loads only a server on this machine (127.0.0.0/8, ::1 or localhost)");
        // The load's paths are the server's own (/api/v1/tasks): a path in the address would be passed over.
        if (server.AbsolutePath != "/" || server.Query.Length > 0)
            return (null, $"--url: '{url}' has a path; give the server's address alone, http://HOST:PORT");
        // Against nothing, every request fails at once, and a run would report the failures' rate as if
        // it were the server's: a server that does not answer gets no table.
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync("/healthz", cancellationToken);
            // Anything that answers would otherwise be loaded, and its refusals measured as a rate.
            if (!response.IsSuccessStatusCode)
                return (null, $"the server at {server} answered /healthz with {Remote.ServerClient.StatusText(response.StatusCode)} and does not look like a Taskroute server; give --url http://HOST:PORT of a running Taskroute server");
            return (server, null);
        }
        catch (HttpRequestException ex)
        {
            return (null, Unreachable(server, ex));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"the server at {server} did not answer within 10 seconds");
        }
    }

    public static string Unreachable(Uri server, Exception ex) =>
        $"cannot reach the server at {server} ({ex.Message}); start it with `taskroute serve`, or give --url URL";
}
