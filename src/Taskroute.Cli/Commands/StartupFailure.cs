using Taskroute.Server.Hosting;

namespace Taskroute.Cli.Commands;

/// <summary>
/// Why <c>taskroute serve</c> could not start, said in one line naming the setting or path, for the
/// failures that come from the machine or the settings (a port taken, a directory not writable, a
/// database out of reach). Anything else is a defect and keeps its stack trace.
/// </summary>
internal static class StartupFailure
{
    public static string? Explain(Exception error, ServerOptions options)
    {
        while (error is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && error.InnerException is { } inner) error = inner;
        return error switch
        {
            DataDirectoryInUseException or Taskroute.Storage.JournalInUseException or Taskroute.Storage.JournalDamagedException or Taskroute.Storage.JournalTooNewException or ConfigurationChangedException or JournalBehindException or ConfigurationNotKeptException or RulesTooNewException or SqliteJournalNotReadException => error.Message,
            _ when Taskroute.Storage.StorageDamage.Of(error) is { } damage => $"{damage} (data directory {options.DataDirectory})",
            Microsoft.Data.Sqlite.SqliteException sqlite => $"{sqlite.Message.TrimEnd('.')} in the data directory {options.DataDirectory} (it must be a writable directory of Taskroute's databases)",
            Npgsql.PostgresException postgres => $"PostgreSQL refused: {postgres.MessageText} (--connection)",
            Npgsql.NpgsqlException npgsql => $"PostgreSQL could not be reached: {Innermost(npgsql).Message} (--connection)",
            ArgumentException when options.Storage == "postgres" => $"--connection (Taskroute:Connection) is not a PostgreSQL connection string: {Cli.Plain(error)}",
            FormatException when error.Message.Contains("url", StringComparison.OrdinalIgnoreCase) =>
                $"--urls (Taskroute:Urls): {error.Message.TrimEnd('.')}; write each address as http://HOST:PORT, several separated by ';'",
            UnauthorizedAccessException => $"{error.Message} (data directory {options.DataDirectory})",
            IOException => error.Message,
            _ => null,
        };
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is { } inner) error = inner;
        return error;
    }
}
