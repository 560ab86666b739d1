using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Taskroute.Core.Flow;

namespace Taskroute.Server.Api.Agents;

/// <summary>
/// A Server-Sent Events stream of flow events. Whatever has arrived since the last write goes out
/// in one write and one flush: a burst of updates for an agent (reserved, offered, started) costs one
/// packet, not one each. Updates are written as UTF-8 straight into the response's buffer.
/// </summary>
// write: writes the event's data as JSON and answers the SSE event name, or writes nothing and
// answers null for an event the stream does not carry. onePerWrite: at most one item per flush, for
// streams that only say "something changed".
// loginId: the agent whose stream it is, named in the hello as the agent channel's names it.
internal sealed class EventStreamResult(ChannelReader<FlowEvent> reader, Action unsubscribe, EventStreamResult.Describe write, bool onePerWrite = false, int? loginId = null) : IResult
{
    public delegate string? Describe(in FlowEvent e, Utf8JsonWriter json);

    /// <summary>
    /// How long a stream may go without a byte before it sends a comment line: proxies and load
    /// balancers cut connections idle for a minute or so, and a client that vanished without
    /// closing is found out only when a write fails.
    /// </summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var services = httpContext.RequestServices;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        // A stopping server ends its streams at once, rather than after the shutdown timeout.
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted,
            services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None);
        var ct = ends.Token;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var body = response.BodyWriter;
        // The event's JSON goes to a scratch buffer first: its name, which comes before it on the
        // wire, is known only once it is written.
        var scratch = new ArrayBufferWriter<byte>(512);
        await using var json = new Utf8JsonWriter(scratch);
        try
        {
            body.Write(loginId is { } agent
                ? System.Text.Encoding.UTF8.GetBytes($"event: hello\ndata: {{\"type\":\"hello\",\"loginId\":{agent}}}\n\n")
                : "event: hello\ndata: {\"type\":\"hello\"}\n\n"u8);
            await body.FlushAsync(ct);
            while (true)
            {
                if (!reader.TryPeek(out _))
                {
                    using var idle = new CancellationTokenSource(KeepAlive, time);
                    using var wake = CancellationTokenSource.CreateLinkedTokenSource(ct, idle.Token);
                    try
                    {
                        if (!await reader.WaitToReadAsync(wake.Token)) break;
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        body.Write(": keep-alive\n\n"u8);
                        await body.FlushAsync(ct);
                        continue;
                    }
                }
                var written = false;
                while (reader.TryRead(out var e))
                {
                    if (onePerWrite && written) continue;
                    scratch.ResetWrittenCount();
                    json.Reset(scratch);
                    if (write(e, json) is not { } name) continue;
                    json.Flush();
                    body.Write("event: "u8);
                    WriteAscii(body, name);
                    body.Write("\ndata: "u8);
                    body.Write(scratch.WrittenSpan);
                    body.Write("\n\n"u8);
                    written = true;
                }
                if (written) await body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
        finally
        {
            unsubscribe();
        }
    }

    private static void WriteAscii(System.IO.Pipelines.PipeWriter body, string name)
    {
        var span = body.GetSpan(name.Length);
        var length = System.Text.Encoding.ASCII.GetBytes(name, span);
        body.Advance(length);
    }
}
