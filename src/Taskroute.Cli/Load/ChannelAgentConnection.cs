using System.Diagnostics;
using System.Text;
using Taskroute.Cli.Commands;

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
    private readonly AgentSteps _steps;
    private bool _open;

    public ChannelAgentConnection(LoadLoop loop, Uri server, int login, string authorization, AgentLoadOnEpoll load)
        : base(loop, server)
    {
        _load = load;
        _steps = new AgentSteps(load.Tally);
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
        if (message.Offered) _load.Offered(message.ContactId, Stopwatch.GetTimestamp());
        if (!_steps.Read(message)) return;
        if (_steps.CloseIsDue && _load.ServiceTime > TimeSpan.Zero)
            Loop.At(Stopwatch.GetTimestamp() + (long)(_load.ServiceTime.TotalSeconds * Stopwatch.Frequency), SendStep);
        else SendStep();
    }

    private void SendStep()
    {
        if (Closed) return;
        var length = _steps.Write(_step);
        if (length > 0) SendFrame(WebSocketFrames.Text, _step.AsSpan(0, length));
    }

    private void SendFrame(byte opcode, ReadOnlySpan<byte> payload)
    {
        var frame = payload.Length + 14 <= _frame.Length ? _frame : new byte[payload.Length + 14];
        Send(frame.AsSpan(0, WebSocketFrames.WriteMasked(frame, opcode, payload, _masks)));
    }

    protected override void Failed(string why) => _load.AgentFailed();
}
