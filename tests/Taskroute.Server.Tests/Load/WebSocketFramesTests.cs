using System.Security.Cryptography;
using System.Text;
using Taskroute.Cli.Load;

namespace Taskroute.Server.Tests.Load;

/// <summary>The lean load generator's WebSocket frames are RFC 6455's.</summary>
public class WebSocketFramesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(70_000)]
    public void A_masked_frame_reads_back_as_its_payload_at_every_length_form(int size)
    {
        var payload = RandomNumberGenerator.GetBytes(size);
        var frame = new byte[size + 14];
        var length = WebSocketFrames.WriteMasked(frame, WebSocketFrames.Text, payload, new Random(7));
        Assert.Equal(0x81, frame[0]);
        Assert.True((frame[1] & 0x80) != 0, "a client's frame is masked");
        for (var cut = 0; cut < Math.Min(length, 20); cut++) Assert.False(WebSocketFrames.TryRead(frame.AsSpan(0, cut), out _, out _, out _, out _));
        Assert.True(WebSocketFrames.TryRead(frame.AsSpan(0, length), out var final, out var opcode, out var range, out var read));
        Assert.Equal((true, WebSocketFrames.Text, length), (final, opcode, read));
        Assert.Equal(payload, frame[range]);
    }

    [Fact]
    public void A_servers_unmasked_fragment_is_read_with_its_opcode_and_without_its_end()
    {
        var frame = new byte[] { 0x01, 0x03, (byte)'a', (byte)'b', (byte)'c', 0x80 };
        Assert.True(WebSocketFrames.TryRead(frame, out var final, out var opcode, out var range, out var length));
        Assert.Equal((false, WebSocketFrames.Text, 5), (final, opcode, length));
        Assert.Equal("abc", Encoding.ASCII.GetString(frame[range]));
    }

    [Fact]
    public void The_handshakes_accept_is_the_one_RFC_6455_derives_from_its_key()
    {
        // RFC 6455's own example, section 1.3.
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketFrames.AcceptFor("dGhlIHNhbXBsZSBub25jZQ=="));
        var (key, accept) = WebSocketFrames.Handshake();
        Assert.Equal(16, Convert.FromBase64String(key).Length);
        Assert.Equal(WebSocketFrames.AcceptFor(key), accept);
        Assert.NotEqual(key, WebSocketFrames.Handshake().Key);
    }
}
