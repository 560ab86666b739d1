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
}
