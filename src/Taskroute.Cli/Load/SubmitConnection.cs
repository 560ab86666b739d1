using System.Buffers.Text;
using System.Diagnostics;
using System.Text;

namespace Taskroute.Cli.Load;

/// <summary>
/// A kept-alive HTTP/1.1 connection that sends one request at a time, always the same bytes (a task
/// submit, or the plain endpoint's POST), and hears each answer with the contact id its Location names.
/// </summary>
internal sealed class SubmitConnection : LoadConnection
{
    /// <summary>An answer: its status, the contact id at the end of its Location (empty without one) and when the request went, in <see cref="Stopwatch"/> ticks.</summary>
    public delegate void AnswerHandler(SubmitConnection connection, int status, Guid contact, long sentAt);

    /// <summary>The connection failed, with a request in flight or not.</summary>
    public delegate void FailureHandler(SubmitConnection connection, string why, bool inFlight);

    private readonly byte[] _request;
    private readonly AnswerHandler _answered;
    private readonly FailureHandler _failed;
    private long _sentAt;

    public SubmitConnection(LoadLoop loop, Uri server, byte[] request, AnswerHandler answered, FailureHandler failed)
        : base(loop, server)
    {
        _request = request;
        _answered = answered;
        _failed = failed;
    }

    /// <summary>The bytes of a POST of a JSON body to <paramref name="path"/>.</summary>
    public static byte[] Post(Uri server, string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    public bool Busy { get; private set; }

    public void Submit()
    {
        Busy = true;
        _sentAt = Stopwatch.GetTimestamp();
        Send(_request);
    }

    protected override int Consume(Span<byte> data)
    {
        HttpAnswer answer;
        try
        {
            if (!HttpAnswer.TryRead(data, out answer)) return 0;
        }
        catch (FormatException ex)
        {
            Fail($"an answer that is not HTTP: {ex.Message}");
            return 0;
        }
        // An interim answer (100 Continue, 103 Early Hints) comes before the request's own.
        if (answer.Status is >= 100 and < 200) return answer.Length;
        var contact = Guid.Empty;
        var location = data[answer.Location];
        if (location.Length >= 36) Utf8Parser.TryParse(location[^36..], out contact, out _);
        Busy = false;
        if (answer.Close) Dispose();
        _answered(this, answer.Status, contact, _sentAt);
        return answer.Length;
    }

    protected override void Failed(string why)
    {
        var inFlight = Busy;
        Busy = false;
        _failed(this, why, inFlight);
    }
}
