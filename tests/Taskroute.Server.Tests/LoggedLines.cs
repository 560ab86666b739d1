using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Taskroute.Server.Tests;

/// <summary>What a server logs at warning or above (or <paramref name="least"/>), every category, as the console would show it: for tests of what an operator is told.</summary>
internal sealed class LoggedLines(LogLevel least = LogLevel.Warning) : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Text)> _lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Text)> All => [.. _lines];

    public IReadOnlyList<string> Warnings => [.. _lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Text)];

    public ILogger CreateLogger(string categoryName) => new Lines(categoryName, _lines, least);

    public void Dispose()
    {
    }

    private sealed class Lines(string category, ConcurrentQueue<(string, LogLevel, string)> lines, LogLevel least) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= least;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) lines.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
