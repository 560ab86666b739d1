using Microsoft.Extensions.Logging;

namespace Taskroute.Cluster.Tests;

/// <summary>
/// A silo's fatal error in a test, logged instead of ending the process: Orleans's own handler fails
/// the process fast, which would take the whole test run with it.
/// </summary>
internal sealed partial class LoggedFatalError(ILogger<LoggedFatalError> logger) : IFatalErrorHandler
{
    public bool IsUnexpected(Exception exception) => true;

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null) => LogFatal(exception, context);

    [LoggerMessage(Level = LogLevel.Error, Message = "A silo's fatal error, which would have ended the process: {Context}")]
    private partial void LogFatal(Exception? exception, string? context);
}
