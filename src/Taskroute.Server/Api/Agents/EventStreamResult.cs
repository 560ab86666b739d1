using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Taskroute.Core.Flow;

namespace Taskroute.Server.Api.Agents;

/// <summary>
/// A Server-Sent Events stream of flow events. Whatever has arrived since the last write goes out
/// in one write and one flush: a burst of updates for an agent (reserved, offered, started) costs one
/// packet, not one each.
/// </summary>
// onePerWrite: at most one item per write, for streams that only say "something changed".
internal sealed class EventStreamResult(ChannelReader<FlowEvent> reader, Action unsubscribe, Func<FlowEvent, (string Event, object Data)?> describe, bool onePerWrite = false) : IResult
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var ct = httpContext.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var text = new StringBuilder(1024);
        try
        {
            text.Append("event: hello\ndata: {\"type\":\"hello\"}\n\n");
            await response.WriteAsync(text.ToString(), ct);
            await response.Body.FlushAsync(ct);
            while (await reader.WaitToReadAsync(ct))
            {
                text.Clear();
                while (reader.TryRead(out var e))
                {
                    if (describe(e) is not { } item || (onePerWrite && text.Length > 0)) continue;
                    text.Append("event: ").Append(item.Event).Append("\ndata: ").Append(JsonSerializer.Serialize(item.Data, Json)).Append("\n\n");
                }
                if (text.Length == 0) continue;
                await response.WriteAsync(text.ToString(), ct);
                await response.Body.FlushAsync(ct);
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
}
