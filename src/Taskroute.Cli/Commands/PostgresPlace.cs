using Npgsql;

namespace Taskroute.Cli.Commands;

/// <summary>Where a PostgreSQL connection string leads, said for a banner: the host, port and database, never the password.</summary>
internal static class PostgresPlace
{
    public static string Of(string? connection)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException)
        {
            // The start has used it by now, so this is not expected; the banner then names no place rather than the string.
            return "PostgreSQL";
        }
        // PostgreSQL itself takes the user's name for a database not given.
        var database = string.IsNullOrEmpty(parsed.Database) ? "not given (PostgreSQL takes the user name's)" : parsed.Database;
        return $"PostgreSQL at host {parsed.Host}, port {parsed.Port}, database {database}";
    }
}
