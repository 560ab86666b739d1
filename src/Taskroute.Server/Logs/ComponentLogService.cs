using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Logs;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Logs;

/// <summary>
/// Feeds the component logs from the durable flow on a thread of their own: the journal writer
/// hands each batch's events over and goes on answering requests, while formatting and file writes
/// happen beside it. A log that falls far behind holds the writer back rather than lose lines.
/// </summary>
public sealed partial class ComponentLogService : IDisposable
{
    private readonly Channel<FlowEvent[]> _pending = Channel.CreateBounded<FlowEvent[]>(new BoundedChannelOptions(8192) { SingleReader = true, SingleWriter = true });
    private readonly Thread _thread;
    private readonly ILogger<ComponentLogService> _logger;

    public ComponentLogService(string directory, RoutingConfiguration configuration, ILogger<ComponentLogService> logger, long fileBytes = 10 * 1024 * 1024, int filesPerComponent = 100)
    {
        _logger = logger;
        Directory = directory;
        Writer = new ComponentLogWriter(new ComponentLogSettings
        {
            Directory = directory,
            HostName = Environment.MachineName,
            RotationBytes = fileBytes,
            MaxFilesPerComponent = filesPerComponent,
            NonInterruptibleMrds = configuration.Mrds.Where(m => !m.Interruptible).Select(m => m.Id).ToHashSet(),
        });
        _thread = new Thread(Run) { IsBackground = true, Name = "component logs" };
        _thread.Start();
    }

    public string Directory { get; }

    public ComponentLogWriter Writer { get; }

    /// <summary>Queues a durable batch's events for the logs; waits only when the logs are far behind.</summary>
    public ValueTask Publish(FlowEvent[] events) =>
        events.Length == 0 || _pending.Writer.TryWrite(events) ? ValueTask.CompletedTask : _pending.Writer.WriteAsync(events);

    /// <summary>Writes out what is buffered, so that a reader of the files sees every line so far.</summary>
    public void Flush() => Writer.Flush();

    private void Run()
    {
        var reader = new BlockingReader<FlowEvent[]>(_pending.Reader);
        while (reader.WaitToRead())
        {
            while (reader.TryRead(out var events))
            {
                try
                {
                    Writer.Write(events);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A full disk or a removed folder costs log lines, never routing.
                    LogWriteFailed(ex);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Component logs could not be written")]
    private partial void LogWriteFailed(Exception exception);

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(5));
        Writer.Dispose();
    }
}
