using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary>A desktop on the agent channel, over a real WebSocket on loopback: sends requests, reads replies and updates.</summary>
internal sealed class AgentChannelClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly CancellationToken _ct;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private long _next;

    private AgentChannelClient(ClientWebSocket socket, CancellationToken ct) => (_socket, _ct) = (socket, ct);

    /// <summary>Updates read so far that no wait has taken yet.</summary>
    public List<JsonElement> Updates { get; } = [];

    public WebSocket Socket => _socket;

    public static async Task<AgentChannelClient> ConnectAsync(TestServer server, string? user, int loginId, CancellationToken ct, string? ticket = null, string? origin = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null) socket.Options.SetRequestHeader("Origin", origin);
        if (user is not null) socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:lab")));
        var uri = Address(server, loginId, ticket);
        try
        {
            await socket.ConnectAsync(uri, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new AgentChannelClient(socket, ct);
    }

    /// <summary>Answers the refused connection's HTTP status.</summary>
    public static async Task<int> RefusedAsync(TestServer server, string? user, int loginId, CancellationToken ct, string? ticket = null, string? origin = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null) socket.Options.SetRequestHeader("Origin", origin);
        if (user is not null) socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:lab")));
        var uri = Address(server, loginId, ticket);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, ct));
        return (int)socket.HttpStatusCode;
    }

    private static Uri Address(TestServer server, int loginId, string? ticket) => new UriBuilder(server.Client.BaseAddress!)
    {
        Scheme = "ws",
        Path = $"/api/v1/agents/{loginId}/channel",
        Query = ticket is null ? "" : "ticket=" + Uri.EscapeDataString(ticket),
    }.Uri;

    /// <summary>Sends the request with the next id (unless it has its own) and answers that id.</summary>
    public async Task<long> SendAsync(Dictionary<string, object?> request)
    {
        if (!request.ContainsKey("id")) request["id"] = ++_next;
        await SendRawAsync(JsonSerializer.Serialize(request));
        return Convert.ToInt64(request["id"], System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task SendRawAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, _ct);

    /// <summary>Reads the next message, or null when the server closed the channel.</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        var count = 0;
        ValueWebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(_buffer.AsMemory(count), _ct);
            if (received.MessageType == WebSocketMessageType.Close) return null;
            count += received.Count;
        }
        while (!received.EndOfMessage);
        Assert.Equal(WebSocketMessageType.Text, received.MessageType);
        return JsonDocument.Parse(_buffer.AsMemory(0, count)).RootElement.Clone();
    }

    /// <summary>Reads until the reply to the request <paramref name="id"/> (null: a reply without id), keeping updates read on the way.</summary>
    public async Task<JsonElement> ReplyAsync(long? id)
    {
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new EndOfStreamException("the channel closed before the reply");
            if (message.GetProperty("type").GetString() != "reply") { Updates.Add(message); continue; }
            var replyId = message.GetProperty("id");
            if (id is null ? replyId.ValueKind == JsonValueKind.Null : replyId.ValueKind == JsonValueKind.Number && replyId.GetInt64() == id) return message;
        }
    }

    /// <summary>Reads until a dialog update in the state (or takes one read already).</summary>
    public Task<JsonElement> DialogUpdateAsync(string state) => UpdateAsync("dialog", state);

    /// <summary>The next update of the agent's state in an MRD: a step's reply comes before the updates it caused.</summary>
    public Task<JsonElement> MediaUpdateAsync(string state) => UpdateAsync("media", state);

    // The first update of this type and state, read from the channel if it has not come yet; it and those before it are taken.
    private async Task<JsonElement> UpdateAsync(string type, string state)
    {
        while (true)
        {
            var found = Updates.FindIndex(u => u.GetProperty("type").GetString() == type && u.GetProperty("state").GetString() == state);
            if (found >= 0)
            {
                var update = Updates[found];
                Updates.RemoveRange(0, found + 1);
                return update;
            }
            var message = await ReceiveAsync() ?? throw new EndOfStreamException("the channel closed before the update");
            if (message.GetProperty("type").GetString() != "reply") Updates.Add(message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open) await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, _ct);
            else if (_socket.State == WebSocketState.CloseReceived) await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _ct);
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
        _socket.Dispose();
    }
}
