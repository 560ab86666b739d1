using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Taskroute.Core.Commands;
using Taskroute.Core.Flow;
using Taskroute.Core.Modules.Desktop;
using Taskroute.Core.Modules.Desktop.Resources;
using Taskroute.Server.Accounts;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Api.Agents;

/// <summary>
/// One agent's desktop over a WebSocket: the agent's updates out (the same JSON as its event
/// stream) and its requests in (dialog actions and media state changes, each answered by a reply
/// carrying the request's id once its events are durable). One connection instead of an HTTP
/// request per dialog step: no request line, headers or credentials to read for each step, and a
/// reply and the updates it caused leave in one write when they are ready together.
/// </summary>
internal sealed class AgentChannel
{
    /// <summary>The largest request taken; a desktop's requests are a few dozen bytes.</summary>
    public const int MaxRequestBytes = 4096;

    private readonly WebSocket _socket;
    private readonly int _loginId;
    private readonly Account _account;
    private readonly EngineHost _host;
    private readonly SupervisorChanges _changes;
    // Updates from the hub and wake-ups for replies share one buffer, so one reader sends both in order of arrival.
    private readonly Channel<FlowEvent> _outbox = AgentEventHub.NewStream(extra: MaxUnanswered);
    private readonly ConcurrentQueue<ChannelReply> _replies = new();
    // Requests read but not yet answered on the wire. A desktop that sends without reading its
    // replies stops being read once this many are waiting, instead of growing the queue without end.
    private readonly SemaphoreSlim _unanswered = new(MaxUnanswered);

    /// <summary>How many requests a desktop may have in flight before the channel stops reading until replies go out.</summary>
    public const int MaxUnanswered = 256;

    private readonly ILogger _log;

    private AgentChannel(WebSocket socket, int loginId, Account account, EngineHost host, SupervisorChanges changes, ILogger log) =>
        (_socket, _loginId, _account, _host, _changes, _log) = (socket, loginId, account, host, changes, log);

    public static async Task RunAsync(WebSocket socket, int loginId, Account account, EngineHost host, SupervisorChanges changes, ILogger log, CancellationToken cancellationToken)
    {
        var channel = new AgentChannel(socket, loginId, account, host, changes, log);
        host.Streams.Subscribe(loginId, channel._outbox, account.IsAgent(loginId), out var unsubscribe);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sending = channel.SendAsync(stop.Token);
        try
        {
            await channel.ReceiveAsync(stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The desktop went away.
        }
        finally
        {
            unsubscribe();
            await stop.CancelAsync();
            await sending;
            await channel.AwaitCloseAsync(cancellationToken);
            socket.Abort();
        }
    }

    /// <summary>How long a desktop has to answer the channel's close before the connection is dropped.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    // After the channel sent its close (a request too big, a text message that is not UTF-8), reads
    // and drops what the desktop still sends until its close comes back: the connection then ends
    // with the close handshake, and the desktop reads the reason, instead of a reset losing both.
    private async Task AwaitCloseAsync(CancellationToken cancellationToken)
    {
        if (_socket.State != WebSocketState.CloseSent) return;
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(CloseGrace);
        var discard = new byte[1024];
        try
        {
            while (_socket.State == WebSocketState.CloseSent) await _socket.ReceiveAsync(discard.AsMemory(), grace.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The desktop did not answer in time, or went away.
        }
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestBytes];
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                if (count == buffer.Length)
                {
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"a request is at most {MaxRequestBytes} bytes", cancellationToken);
                    return;
                }
                received = await _socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                    return;
                }
                count += received.Count;
            }
            while (!received.EndOfMessage);

            await _unanswered.WaitAsync(cancellationToken);
            if (received.MessageType != WebSocketMessageType.Text) AnswerInTurn(new ChannelReply(null, 400, "invalid request", "requests are JSON objects in text messages"));
            else if (await HandleAsync(buffer.AsMemory(0, count), cancellationToken) is { } reply) AnswerInTurn(reply);
        }
    }

    // A request refused before the loop is answered after the requests sent before it, as the docs
    // promise replies in the order sent: its refusal takes the same trip through the loop and the
    // journal writer, which answers each batch in turn.
    private void AnswerInTurn(ChannelReply reply)
    {
        if (reply.Status == 503)
        {
            // The loop's intake is full: nothing can queue behind the requests already there.
            Answer(reply);
            return;
        }
        try
        {
            _host.Decide<ChannelReply?>((_, _) => (null, reply), (_, refusal, _) => Answer(refusal ?? reply));
        }
        catch (OverloadedException)
        {
            Answer(reply);
        }
    }

    // Called on the journal writer's thread for dialog steps: it only queues the reply and wakes the sender.
    private void Answer(ChannelReply reply)
    {
        _replies.Enqueue(reply);
        // A login id of 0 never comes from the hub: it only wakes the sender.
        _outbox.Writer.TryWrite(default);
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string? why, CancellationToken cancellationToken)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            await _socket.CloseOutputAsync(status, why, cancellationToken);
    }

    // Answers the reply now, or null when it will be answered once the step is durable.
    private async Task<ChannelReply?> HandleAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        ChannelRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(message.Span, AgentJson.Default.ChannelRequest);
        }
        catch (JsonException ex)
        {
            // A request that is JSON but has a value of the wrong type still says which it was: a
            // client with several requests in flight can tell which one failed, and why.
            var (found, id, unreadable) = ReadableId(message.Span);
            var why = JsonRequest.Describe(ex, ChannelRequest.Fields);
            // An id the reply cannot echo is said to be the fault, or the client is told only that a
            // request is a JSON object, which its was.
            if (unreadable is not null)
                return new ChannelReply(null, 400, "invalid request", $"$.id must be a whole number, which the reply echoes (got {unreadable})" + (ex.Path == "$.id" ? "" : $"; and {why}"), "id");
            return found
                ? new ChannelReply(id, 400, "invalid request", why)
                : new ChannelReply(null, 400, "invalid request", "a request is a JSON object: {\"id\":1,\"dialogId\":\"...\",\"action\":\"ACCEPT\"} or {\"id\":2,\"mrdId\":5011,\"state\":\"READY\"}");
        }
        if (request is null) return new ChannelReply(null, 400, "invalid request", "a request is a JSON object, not null");
        try
        {
            // Only one of the two would run, and the reply would say nothing of the other.
            if (request.DialogField() is { } dialogField && request.MediaField() is { } mediaField)
                return new ChannelReply(request.Id, 400, "invalid request", $"a request is a dialog step or a media change, not both: it gives {dialogField} and {mediaField}", mediaField);
            if (request.DialogId is not null || request.Action is not null) return Act(request);
            if (request.MrdId is { } mrdId) return ChangeMedia(request, mrdId);
            return new ChannelReply(request.Id, 400, "invalid request", "a request gives dialogId and action, or mrdId and a state");
        }
        catch (OverloadedException ex)
        {
            return new ChannelReply(request.Id, 503, "over capacity", ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault of the server's, not the request's: said to the desktop, logged, and the channel stays open.
            _log.LogError(ex, "Agent channel request failed for agent {LoginId}", _loginId);
            return new ChannelReply(request.Id, 500, "internal error", "the request failed on the server");
        }
    }

    // The request's "id" (its name in any case, as the serializer reads it), when the message begins
    // as a JSON object: found with its value (null for JSON null), or found and not a whole number,
    // with what was sent instead. A string of a whole number is read too, though the serializer
    // refuses one: the refusal is then answered under the id the client meant.
    private static (bool Found, long? Id, string? Unreadable) ReadableId(ReadOnlySpan<byte> message)
    {
        try
        {
            var reader = new Utf8JsonReader(message);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = string.Equals(reader.GetString(), "id", StringComparison.OrdinalIgnoreCase);
                if (!reader.Read()) return default;
                if (isId)
                    return reader.TokenType switch
                    {
                        JsonTokenType.Null => (true, null, null),
                        JsonTokenType.Number when reader.TryGetInt64(out var number) => (true, number, null),
                        JsonTokenType.Number => (true, null, ApiText.Clip(System.Text.Encoding.UTF8.GetString(reader.ValueSpan))),
                        JsonTokenType.String when long.TryParse(reader.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var text) => (true, text, null),
                        JsonTokenType.String => (true, null, $"\"{ApiText.Clip(reader.GetString()!)}\""),
                        JsonTokenType.True or JsonTokenType.False => (true, null, reader.TokenType == JsonTokenType.True ? "true" : "false"),
                        JsonTokenType.StartArray => (true, null, "an array"),
                        _ => (true, null, "an object"),
                    };
                reader.Skip();
            }
            return default;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    // A dialog step is posted to the loop and the next request read at once: steps run in the order
    // they came, and each is answered as soon as it is durable, together with the updates it caused.
    private ChannelReply? Act(ChannelRequest request)
    {
        var id = request.Id;
        if (!DialogStep.TryRead(request.DialogId, request.Action, request.Disposition, request.ScriptSelector, out var step, out var invalid))
            return invalid.Expected is null ? NoDialog(id, request.DialogId) : ChannelReply.Invalid(id, invalid.Field, invalid.Expected);
        if (AgentAccess.Denial(_account, _loginId, act: true) is { } why) return new ChannelReply(id, 403, "forbidden", why);
        var loginId = _loginId;
        _host.Decide<ChannelReply?>(
            (engine, now) =>
            {
                // Another agent's dialog is not there for this channel, as for one that does not exist:
                // ids are sequential, and a 403 told who held which task.
                if (engine.FindDialog(step.DialogId) is not { } dialog || dialog.LoginId != loginId) return (null, NoDialog(id, request.DialogId));
                if (DialogRules.Refusal(engine, dialog, step.Action, step.Disposition, step.ScriptSelector) is { } refused) return (null, ChannelReply.Refused(id, refused));
                return (new ActOnDialog(now, loginId, step.DialogId, step.Action, step.Disposition, step.ScriptSelector), null);
            },
            (result, refusal, error) => Answer(
                error is not null ? new ChannelReply(id, 500, "internal error", "the step failed on the server")
                : !result.Succeeded ? ChannelReply.Refused(id, result)
                : refusal ?? ChannelReply.Ok(id)));
        return null;
    }

    // As a dialog step: the reply is handed over the moment the change is durable, ahead of the
    // updates it caused (it used to come after them, from a pool thread that woke later).
    private ChannelReply? ChangeMedia(ChannelRequest request, int mrdId)
    {
        if (AgentAccess.Denial(_account, _loginId, act: true, supervisorMay: true) is { } why) return new ChannelReply(request.Id, 403, "forbidden", why);
        if (AgentAccess.SignInDenial(_account, _loginId, request.State) is { } signIn) return new ChannelReply(request.Id, 403, "forbidden", signIn);
        if (!MediaCommands.TryBuild(_loginId, mrdId, request, out var commands, out var invalid))
            return ChannelReply.Invalid(request.Id, invalid.Field, invalid.Expected);
        var id = request.Id;
        var at = 0L;
        _host.ExecuteAll(SupervisorChanges.Timed(commands, now => at = now), (result, error) =>
        {
            // Noted before the reply goes: the desktop reads the agent again once it has it.
            if (error is null && result.Succeeded) _changes.Record(_account, _loginId, mrdId, request.State, request.ReasonCode, at);
            Answer(error is not null ? new ChannelReply(id, 500, "internal error", "the change failed on the server")
                : result.Succeeded ? ChannelReply.Ok(id) : ChannelReply.Refused(id, result));
        });
        return null;
    }

    private static ChannelReply NoDialog(long? id, string? dialogId) =>
        new(id, ArmProblem.HttpStatus(ArmStatus.TaskNotFound), ArmProblem.Reason(ArmStatus.TaskNotFound), $"no dialog '{ApiText.Clip(dialogId ?? "")}'", Arm: ArmStatus.TaskNotFound);

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        var scratch = new ArrayBufferWriter<byte>(512);
        await using var json = new Utf8JsonWriter(scratch);
        try
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "hello"u8);
            json.WriteNumber("loginId"u8, _loginId);
            json.WriteEndObject();
            await SendAsync(scratch, json, cancellationToken);

            // Each update and reply is a message of its own, in the order they came: a step's reply
            // is queued (with its wake-up) before the updates its batch caused, so it goes out
            // first. Those ready at once are written back to back, and the connection sends them in
            // one write.
            var reader = _outbox.Reader;
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var e))
                {
                    if (e.LoginId == 0)
                    {
                        if (_replies.TryDequeue(out var reply)) await SendAsync(reply, scratch, json, cancellationToken);
                        continue;
                    }
                    if (AgentUpdateJson.Write(e, json) is null) continue;
                    await SendAsync(scratch, json, cancellationToken);
                }
                // Replies whose wake-up a full buffer dropped.
                while (_replies.TryDequeue(out var reply)) await SendAsync(reply, scratch, json, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The desktop went away, or the channel closed.
        }
    }

    private async ValueTask SendAsync(ChannelReply reply, ArrayBufferWriter<byte> scratch, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        reply.Write(json);
        await SendAsync(scratch, json, cancellationToken);
        _unanswered.Release();
    }

    private async ValueTask SendAsync(ArrayBufferWriter<byte> scratch, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        json.Flush();
        await _socket.SendAsync(scratch.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken);
        scratch.ResetWrittenCount();
        json.Reset(scratch);
    }
}
