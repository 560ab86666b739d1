using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Taskroute.Cli.Remote;

/// <summary>
/// The CLI's way to a running server: its base address from <c>--server</c> or the
/// <c>TASKROUTE_SERVER</c> environment variable, and the credentials from <c>--user</c> and
/// <c>--password</c>, or the <c>TASKROUTE_USER</c> and <c>TASKROUTE_PASSWORD</c> environment variables.
/// </summary>
internal sealed class ServerClient : IDisposable
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    /// <summary>The variable that names the server when <c>--server</c> does not, as the credentials' do.</summary>
    public const string ServerVariable = "TASKROUTE_SERVER";

    private readonly HttpClient _http;

    // labAccount: the built-in lab's account that may do what this client asks, for the hint of a 401.
    // server: --server's value, or null when it was not given.
    public ServerClient(string? server, string? user, string? password, string labAccount = "sup1")
    {
        _labAccount = labAccount;
        var fromVariable = server is null ? Environment.GetEnvironmentVariable(ServerVariable) : null;
        if (string.IsNullOrWhiteSpace(fromVariable)) fromVariable = null;
        var named = fromVariable is null ? "--server" : ServerVariable;
        server ??= fromVariable ?? DefaultServer;
        _http = new HttpClient { BaseAddress = Address(server, named), Timeout = TimeSpan.FromSeconds(30) };
        user ??= Environment.GetEnvironmentVariable("TASKROUTE_USER");
        password ??= Environment.GetEnvironmentVariable("TASKROUTE_PASSWORD");
        if (user is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        HasCredentials = user is not null;
        Server = server;
    }

    public string Server { get; }

    private readonly string _labAccount;

    /// <summary>The server's base address: <c>http://HOST:PORT</c>, or <c>HOST:PORT</c> taken as http.</summary>
    private static Uri Address(string server, string named)
    {
        var text = server.Trim();
        if (!text.Contains("://", StringComparison.Ordinal)) text = "http://" + text;
        if (Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var address) && address.Scheme is "http" or "https" && address.Host.Length > 0)
            return address;
        throw new ServerException($"{named}: '{server}' is not a server's address; give http://HOST:PORT (for example {DefaultServer})");
    }

    public bool HasCredentials { get; }

    /// <summary>Sends a request; a failure to connect or a non-success answer becomes a <see cref="ServerException"/> that says what to do.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException ex)
        {
            throw new ServerException($"cannot reach the server at {Server} ({ex.Message}); start it with `taskroute serve`, or give --server URL or --data DIR");
        }
        catch (TaskCanceledException)
        {
            throw new ServerException($"the server at {Server} did not answer within 30 seconds");
        }
        if (response.IsSuccessStatusCode) return response;
        var body = await response.Content.ReadAsStringAsync();
        var status = response.StatusCode;
        response.Dispose();
        var (title, detail) = Problem(body);
        if (status == HttpStatusCode.Unauthorized)
            throw new ServerException(HasCredentials
                ? "the server refused these credentials (401)"
                : $"the server wants credentials (401): give --user and --password, or set TASKROUTE_USER and TASKROUTE_PASSWORD (lab: {_labAccount} / lab)");
        if (status == HttpStatusCode.Forbidden) throw new ServerException($"not allowed (403): {detail ?? "this account may not do that"}");
        // A 404 is "no such task" only from Taskroute at this very address: the same status comes from
        // another server, and from Taskroute itself for a path it does not have (the address given with
        // a path of its own), which a script must not take for a task that is not there.
        var routeMiss = status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed;
        if (detail is not null && (!routeMiss || await AnswersHealthzAsync("healthz")))
            throw new ServerException($"{detail} ({(int)status})", (int)status);
        if (title is not null && !routeMiss) throw new ServerException($"{title} ({(int)status})", (int)status);
        throw await WrongServerAsync("answered " + StatusText(status));
    }

    // Exit code 2 (no status): the address is wrong. When Taskroute answers at its root, the path was the mistake.
    private async Task<ServerException> WrongServerAsync(string answered)
    {
        var address = _http.BaseAddress!;
        if (address.AbsolutePath != "/" && await AnswersHealthzAsync("/healthz"))
        {
            var root = address.GetLeftPart(UriPartial.Authority);
            return new ServerException($"the server at {Server} {answered}: Taskroute answers at {root}, without the path {address.AbsolutePath.TrimEnd('/')}; give --server {root}");
        }
        return new ServerException($"the server at {Server} {answered} and does not look like a Taskroute server (or the path in its address is wrong); give --server http://HOST:PORT of a running Taskroute server");
    }

    // Taskroute's liveness answer, relative to the address given or from its root.
    private async Task<bool> AnswersHealthzAsync(string path)
    {
        try
        {
            using var response = await _http.GetAsync(path);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await SendJsonAsync(HttpMethod.Get, path);

    /// <summary>Sends a request and reads its answer as JSON, as Taskroute's API answers.</summary>
    public async Task<JsonElement> SendJsonAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var response = await SendAsync(method, path, content);
        try
        {
            return await JsonSerializer.DeserializeAsync<JsonElement>(await response.Content.ReadAsStreamAsync());
        }
        catch (JsonException)
        {
            throw await WrongServerAsync($"answered {StatusText(response.StatusCode)} with {response.Content.Headers.ContentType?.MediaType ?? "a body"} that is not JSON");
        }
    }

    /// <summary>Sends a request whose answer is text of <paramref name="mediaType"/> (CSV), and reads it.</summary>
    public async Task<string> GetTextAsync(string path, string mediaType)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        if (response.Content.Headers.ContentType?.MediaType is { } type && !type.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            throw await WrongServerAsync($"answered {StatusText(response.StatusCode)} with {type}, not {mediaType}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A status as HTTP names it (404 Not Found), whatever reason phrase the server sent with it.</summary>
    public static string StatusText(HttpStatusCode status) =>
        $"{(int)status} {Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase((int)status)}".TrimEnd();

    // A ProblemDetails body's title and detail, else nulls.
    private static (string? Title, string? Detail) Problem(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out _)) return (null, null);
            return (root.TryGetProperty("title", out var t) ? t.GetString() : null, root.TryGetProperty("detail", out var d) ? d.GetString() : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
        catch (InvalidOperationException)
        {
            // A title or detail that is not a string: not a problem document.
            return (null, null);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A server answer the CLI reports as an error and a non-zero exit.</summary>
internal sealed class ServerException(string message, int status = 0) : Exception(message)
{
    public int Status { get; } = status;
}
