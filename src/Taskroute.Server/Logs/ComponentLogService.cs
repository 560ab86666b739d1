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
    private readonly WriteFailures _failures = new();

    public ComponentLogService(string directory, RoutingConfiguration configuration, ILogger<ComponentLogService> logger, long fileBytes = 10 * 1024 * 1024, int filesPerComponent = 100,
        bool moved = false)
    {
        _logger = logger;
        Directory = directory;
        // Moved by Taskroute:LogsDirectory, out of the data directory a server makes its owner's only.
        if (moved) WarnIfOthersMayRead(directory);
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

    /// <summary>Whether the last batch could not be written (a full disk, a removed folder): its lines were lost.</summary>
    public bool Failing => _failures.Lost > 0;

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
                    if (_failures.Succeeded() is var lost and > 0) LogWritingAgain(lost);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A full disk or a removed folder costs log lines, never routing.
                    switch (_failures.Failed())
                    {
                        case WriteFailures.Say.First: LogWriteFailed(ex); break;
                        case WriteFailures.Say.Reminder: LogStillFailing(_failures.Lost, ex.Message); break;
                    }
                }
            }
        }
    }

    // A folder that exists is left as its owner set it up (the logs make only what is missing, 0700):
    // an installer's 0755 /var/log/taskroute is said once, since the lines in it are customers' data.
    private void WarnIfOthersMayRead(string directory)
    {
        if (OperatingSystem.IsWindows() || !System.IO.Directory.Exists(directory)) return;
        var mode = File.GetUnixFileMode(directory);
        if ((mode & (UnixFileMode.OtherRead | UnixFileMode.OtherExecute)) != 0)
            LogReadableByOthers(Path.GetFullPath(directory), Convert.ToString((int)mode, 8).PadLeft(4, '0'));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The component logs' folder {Directory} (Taskroute:LogsDirectory) can be read by other users of this machine (mode {Mode}): its files hold personal data, customers' call and ECC variables. Make it its owner's only (chmod 0700), or name a folder that does not exist yet, which is made so")]
    private partial void LogReadableByOthers(string directory, string mode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Component logs could not be written; their lines are lost until they can be, said again every 10,000 batches and when writing resumes")]
    private partial void LogWriteFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Component logs still cannot be written: the lines of {Batches} journal batches lost so far ({Reason})")]
    private partial void LogStillFailing(long batches, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Component logs are written again; the lines of {Batches} journal batches were lost meanwhile")]
    private partial void LogWritingAgain(long batches);

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(5));
        Writer.Dispose();
    }
}
