using System.Text;
using Taskroute.Cli.Load;

namespace Taskroute.Server.Tests.Load;

/// <summary>The lean load generator reads the server's HTTP/1.1 answers however the bytes arrive.</summary>
public class HttpAnswerTests
{
    private const string Chunked =
        "HTTP/1.1 201 Created\r\nContent-Type: application/json; charset=utf-8\r\nDate: Sat, 05 Dec 2026 19:00:00 GMT\r\nServer: Kestrel\r\n" +
        "Location: /api/v1/tasks/0193a4f2-7b7e-7c3d-9e55-0a1b2c3d4e5f\r\nTransfer-Encoding: chunked\r\n\r\n" +
        "1b;name=value\r\n{\"id\":\"0193a4f2\",\"x\":12345}\r\n3\r\nabc\r\n0\r\n\r\n";

    [Fact]
    public void A_chunked_answer_is_whole_only_once_its_last_chunk_arrived_and_its_location_is_read()
    {
        var bytes = Encoding.ASCII.GetBytes(Chunked + "HTTP/1.1 next answer");
        var whole = Chunked.Length;
        for (var cut = 0; cut < whole; cut++) Assert.False(HttpAnswer.TryRead(bytes.AsSpan(0, cut), out _), $"whole at {cut} of {whole}");
        Assert.True(HttpAnswer.TryRead(bytes, out var answer));
        Assert.Equal(201, answer.Status);
        Assert.Equal(whole, answer.Length);
        Assert.Equal("/api/v1/tasks/0193a4f2-7b7e-7c3d-9e55-0a1b2c3d4e5f", Encoding.ASCII.GetString(bytes[answer.Location]));
        Assert.False(answer.Close);
    }

    [Fact]
    public void An_answer_with_a_content_length_ends_with_its_body_and_says_when_the_server_will_close()
    {
        const string text = "HTTP/1.1 400 Bad Request\r\ncontent-length: 5\r\nCONNECTION: close\r\n\r\nerror";
        Assert.False(HttpAnswer.TryRead(Encoding.ASCII.GetBytes(text[..^1]), out _));
        Assert.True(HttpAnswer.TryRead(Encoding.ASCII.GetBytes(text + "extra"), out var answer));
        Assert.Equal((400, text.Length, true), (answer.Status, answer.Length, answer.Close));
    }

    [Fact]
    public void A_switch_to_websocket_has_no_body_and_its_accept_header_is_read()
    {
        const string text = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
        var bytes = Encoding.ASCII.GetBytes(text + "\u0081\u0002hi");
        Assert.True(HttpAnswer.TryRead(bytes, out var answer));
        Assert.Equal((101, text.Length), (answer.Status, answer.Length));
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Encoding.ASCII.GetString(bytes[answer.WebSocketAccept]));
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n")]
    [InlineData("HTTP/1.1 2x1 Created\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\n\r\nbody until the server closes")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    public void Bytes_that_are_not_an_answer_it_can_read_are_refused_not_waited_on(string text) =>
        Assert.Throws<FormatException>(() => HttpAnswer.TryRead(Encoding.ASCII.GetBytes(text), out _));
}
