using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Taskroute.Cli.Remote;

/// <summary>
/// The CLI's way to a running server: its base address and the credentials from <c>--user</c> and
/// <c>--password</c>, or the <c>TASKROUTE_USER</c> and <c>TASKROUTE_PASSWORD</c> environment variables.
/// </summary>
internal sealed class ServerClient : IDisposable
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    private readonly HttpClient _http;

    public ServerClient(string server, string? user, string? password)
    {
        _http = new HttpClient { BaseAddress = Address(server), Timeout = TimeSpan.FromSeconds(30) };
        user ??= Environment.GetEnvironmentVariable("TASKROUTE_USER");
        password ??= Environment.GetEnvironmentVariable("TASKROUTE_PASSWORD");
        if (user is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        HasCredentials = user is not null;
        Server = server;
    }

    public string Server { get; }

    /// <summary>The server's base address: <c>http://HOST:PORT</c>, or <c>HOST:PORT</c> taken as http.</summary>
    private static Uri Address(string server)
    {
        var text = server.Trim();
        if (!text.Contains("://", StringComparison.Ordinal)) text = "http://" + text;
        if (Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var address) && address.Scheme is "http" or "https" && address.Host.Length > 0)
            return address;
        throw new ServerException($"--server: '{server}' is not a server's address; give http://HOST:PORT (for example {DefaultServer})");
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
        response.Dispose();
        var detail = Detail(body);
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new ServerException(HasCredentials
                ? "the server refused these credentials (401)"
                : "the server wants credentials (401): give --user and --password, or set TASKROUTE_USER and TASKROUTE_PASSWORD (lab: sup1 / lab)"),
            HttpStatusCode.Forbidden => new ServerException($"not allowed (403): {detail ?? "this account may not do that"}"),
            _ => new ServerException($"{detail ?? body} ({(int)response.StatusCode})", (int)response.StatusCode),
        };
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        return await JsonSerializer.DeserializeAsync<JsonElement>(await response.Content.ReadAsStreamAsync());
    }

    // A ProblemDetails body's detail, else null.
    private static string? Detail(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A server answer the CLI reports as an error and a non-zero exit.</summary>
internal sealed class ServerException(string message, int status = 0) : Exception(message)
{
    public int Status { get; } = status;
}
