using Microsoft.AspNetCore.Http;
using Npgsql;
using Taskroute.Cluster;

namespace Taskroute.Server.Cluster;

/// <summary>
/// A silo is ready while the cluster's database answers: every domain's journal and the cluster's
/// membership live there, so without it the silo can take nothing durably and a load balancer
/// should send work to a silo that can.
/// </summary>
internal static class ClusterReadiness
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    public static async Task<IResult> Answer(DomainCatalog catalog, CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limit);
        var asked = Ask(catalog.ConnectionString, timeout);
        try
        {
            // Answered by the limit whatever the driver does: a cancelled query on a connection
            // that hangs is first cancelled by a request of its own, which can hang as well, and a
            // probe with a few seconds' timeout would see no answer at all.
            await asked.WaitAsync(Limit, cancellationToken);
            return Results.Text("Healthy");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            // In general words: readiness answers anyone, and PostgreSQL's own messages name hosts and users.
            var why = ex switch
            {
                OperationCanceledException or TimeoutException => $"it did not answer within {Limit.TotalSeconds:N0} s",
                PostgresException refused => $"it refused the silo's connection, SQLSTATE {refused.SqlState}",
                _ => "it could not be reached",
            };
            return Results.Text($"Unhealthy: the cluster's PostgreSQL database cannot be reached ({why})", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    // The query, left to finish or fail on its own when the answer could not wait for it.
    private static async Task Ask(string connectionString, CancellationTokenSource timeout)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
        }
        finally
        {
            timeout.Dispose();
        }
    }
}
