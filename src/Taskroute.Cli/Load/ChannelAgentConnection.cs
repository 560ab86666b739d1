using System.Diagnostics;
using System.Text;
using Taskroute.Cli.Commands;
using Taskroute.Core.Flow;

namespace Taskroute.Cli.Load;

/// <summary>
/// A simulated agent on its agent channel (a WebSocket): it opens the channel, and for every task
/// offered on it sends ACCEPT, START and CLOSE, each once the step before was answered.
/// </summary>
internal sealed class ChannelAgentConnection : LoadConnection
{
    private readonly AgentLoadOnEpoll _load;
    private readonly string _accept;
    private readonly Random _masks = new(BitConverter.ToInt32(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)));
    private readonly byte[] _step = new byte[256];
    private readonly byte[] _frame = new byte[512];
    private byte[] _fragments = [];
    private int _fragmentsLength;
    private bool _open;
    // The ACCEPT or START waiting for its reply, and the CLOSE waiting for its: the next task's
    // offer can come before the last task's CLOSE is answered.
    private long _next, _stepId, _closeId;
    private string? _dialog;
    private DialogAction _action = DialogAction.Accept;

    public ChannelAgentConnection(LoadLoop loop, Uri server, int login, string authorization, AgentLoadOnEpoll load)
        : base(loop, server)
    {
        _load = load;
        var (key, accept) = WebSocketFrames.Handshake();
        _accept = accept;
        Send(Encoding.ASCII.GetBytes(
            $"GET /api/v1/agents/{login}/channel HTTP/1.1\r\nHost: {server.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nAuthorization: {authorization}\r\n\r\n"));
    }

    protected override int Consume(Span<byte> data)
    {
        try
        {
            return _open ? ConsumeFrame(data) : ConsumeHandshake(data);
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            Fail(ex.Message);
            return 0;
        }
    }

    private int ConsumeHandshake(Span<byte> data)
    {
        if (!HttpAnswer.TryRead(data, out var answer)) return 0;
        if (answer.Status != 101) throw new FormatException($"the channel answered {answer.Status}, not 101 Switching Protocols");
        if (!data[answer.WebSocketAccept].SequenceEqual(Encoding.ASCII.GetBytes(_accept))) throw new FormatException("the channel answered a wrong Sec-WebSocket-Accept");
        _open = true;
        return answer.Length;
    }

    private int ConsumeFrame(Span<byte> data)
    {
        if (!WebSocketFrames.TryRead(data, out var final, out var opcode, out var range, out var length)) return 0;
        var payload = data[range];
        switch (opcode)
        {
            case WebSocketFrames.Ping:
                SendFrame(WebSocketFrames.Pong, payload);
                break;
            case WebSocketFrames.Close:
                // The server ends the channel (it is stopping): the agent leaves quietly, as a desktop would.
                Dispose();
                break;
            case WebSocketFrames.Text or WebSocketFrames.Binary when final && _fragmentsLength == 0:
                Message(payload);
                break;
            case WebSocketFrames.Text or WebSocketFrames.Binary or WebSocketFrames.Continuation:
                if (_fragments.Length < _fragmentsLength + payload.Length) Array.Resize(ref _fragments, Math.Max(_fragmentsLength + payload.Length, _fragments.Length * 2));
                payload.CopyTo(_fragments.AsSpan(_fragmentsLength));
                _fragmentsLength += payload.Length;
                if (final)
                {
                    Message(_fragments.AsSpan(0, _fragmentsLength));
                    _fragmentsLength = 0;
                }
                break;
        }
        return length;
    }

    private void Message(ReadOnlySpan<byte> payload)
    {
        var message = ChannelMessage.Read(payload);
        var due = false;
        if (message.Offered)
        {
            _load.Offered(message.ContactId, Stopwatch.GetTimestamp());
            (_dialog, _action, due) = (message.DialogId, DialogAction.Accept, true);
        }
        else if (message.Reply && _closeId != 0 && message.Id == _closeId)
        {
            _closeId = 0;
            if (message.Status == 200) _load.Lifecycle();
            else _load.Error();
        }
        else if (message.Reply && _stepId != 0 && message.Id == _stepId)
        {
            _stepId = 0;
            if (message.Status != 200) { _load.Error(); _dialog = null; }
            else (_action, due) = (_action == DialogAction.Accept ? DialogAction.Start : DialogAction.Close, true);
        }
        if (!due || _dialog is null) return;
        if (_action == DialogAction.Close && _load.ServiceTime > TimeSpan.Zero)
            Loop.At(Stopwatch.GetTimestamp() + (long)(_load.ServiceTime.TotalSeconds * Stopwatch.Frequency), SendStep);
        else SendStep();
    }

    private void SendStep()
    {
        if (Closed || _dialog is null) return;
        var id = ++_next;
        var length = ChannelMessage.Step(_step, id, _dialog, _action);
        if (_action == DialogAction.Close) (_closeId, _dialog) = (id, null);
        else _stepId = id;
        SendFrame(WebSocketFrames.Text, _step.AsSpan(0, length));
    }

    private void SendFrame(byte opcode, ReadOnlySpan<byte> payload)
    {
        var frame = payload.Length + 14 <= _frame.Length ? _frame : new byte[payload.Length + 14];
        Send(frame.AsSpan(0, WebSocketFrames.WriteMasked(frame, opcode, payload, _masks)));
    }

    protected override void Failed(string why) => _load.AgentFailed();
}
