using Taskroute.Storage.Postgres;

namespace Taskroute.Storage.Tests;

/// <summary>
/// The same conformance suite against a real PostgreSQL server, named by the
/// <c>TASKROUTE_TEST_POSTGRES</c> connection string (.ci/run installs and starts one).
/// </summary>
public sealed class PostgresJournalTests : JournalConformanceTests
{
    private static readonly string? Connection = Environment.GetEnvironmentVariable("TASKROUTE_TEST_POSTGRES");

    public PostgresJournalTests() =>
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");

    protected override IJournal Open(string name) => new PostgresJournal(Connection!, name);

    [Fact]
    public void A_second_exclusive_writer_of_a_journal_is_refused_until_the_first_lets_go()
    {
        var name = "only_" + Guid.NewGuid().ToString("N")[..12];
        using (var first = new PostgresJournal(Connection!, name, exclusive: true))
        {
            Assert.Throws<JournalInUseException>(() => new PostgresJournal(Connection!, name, exclusive: true));
            // Readers are not writers: they open beside it.
            using var reader = new PostgresJournal(Connection!, name);
        }
        using var next = new PostgresJournal(Connection!, name, exclusive: true);
    }

    [Fact]
    public void A_writer_whose_session_the_server_ended_connects_again_keeps_its_lock_and_loses_nothing()
    {
        var name = "lost_" + Guid.NewGuid().ToString("N")[..12];
        var time = new DateTimeOffset(2024, 1, 30, 13, 55, 49, TimeSpan.Zero).ToUnixTimeMilliseconds();
        JournalEntry Entry(int agent) => new(time, new Core.Commands.SignIn(time, agent, 5011), null, []);
        var notes = new List<string>();
        using var writer = new PostgresJournal(Connection!, name, exclusive: true) { Note = notes.Add };
        Assert.Equal(1, writer.Append([Entry(1080)]));

        // What a PostgreSQL restart, a failover or an idle-session timeout does to the writer's session.
        using (var admin = new Npgsql.NpgsqlConnection(Connection))
        {
            admin.Open();
            using var end = new Npgsql.NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name;", admin);
            end.Parameters.AddWithValue("name", "taskroute journal writer " + name);
            Assert.Equal(1L, end.ExecuteScalar());
        }

        Assert.Equal(2, writer.Append([Entry(1081)]));
        Assert.Null(writer.Probe());
        // The operator's log says it was lost and that it is back.
        Assert.Equal(2, notes.Count);
        Assert.StartsWith("the PostgreSQL journal's connection was lost (", notes[0], StringComparison.Ordinal);
        Assert.StartsWith("the PostgreSQL journal's connection is back after ", notes[1], StringComparison.Ordinal);
        // The new session holds the journal as the old one did.
        Assert.Throws<JournalInUseException>(() => new PostgresJournal(Connection!, name, exclusive: true));
        using var reader = new PostgresJournal(Connection!, name);
        Assert.Equal([1080, 1081], reader.ReadCommands().Select(c => ((Core.Commands.SignIn)c.Command).Agent));
    }

    [Fact]
    public void A_fenced_journal_taken_over_by_a_newer_writer_refuses_the_older_ones_appends_and_loses_nothing_acknowledged()
    {
        var name = "fence_" + Guid.NewGuid().ToString("N")[..12];
        var time = new DateTimeOffset(2024, 1, 30, 13, 55, 49, TimeSpan.Zero).ToUnixTimeMilliseconds();
        JournalEntry Entry(int agent) => new(time, new Core.Commands.SignIn(time, agent, 5011), null, []);
        using var older = new PostgresJournal(Connection!, name, fenced: true);
        Assert.Equal(1, older.Append([Entry(1080)]));

        using var newer = new PostgresJournal(Connection!, name, fenced: true);
        Assert.True(newer.Epoch > older.Epoch);
        Assert.Equal(1, newer.LastSequence);
        Assert.Throws<JournalFencedException>(() => older.Append([Entry(1081)]));
        Assert.Equal(2, newer.Append([Entry(1082)]));

        using var reader = new PostgresJournal(Connection!, name);
        Assert.Equal([1080, 1082], reader.ReadCommands().Select(c => ((Core.Commands.SignIn)c.Command).Agent));
    }
}
