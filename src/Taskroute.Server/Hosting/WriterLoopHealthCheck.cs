using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Taskroute.Server.Hosting;

/// <summary>Ready means the writer loop answers (it has replayed the journal and its last durable write succeeded) and the journal could take a write now.</summary>
public sealed class WriterLoopHealthCheck(EngineHost host, DamageSeen damage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            var sequence = await host.QueryAsync((_, _) => host.JournalSequence, timeout.Token);
            // The loop answering is not enough: a journal that cannot take the next write would make
            // the next request fail, and a probe that said ready would keep sending them here.
            if (host.ProbeJournal() is { } trouble) return HealthCheckResult.Unhealthy(trouble);
            if (damage.What is { } damaged) return HealthCheckResult.Unhealthy(damaged);
            return HealthCheckResult.Healthy($"journal at {sequence}");
        }
        catch (OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the writer loop did not answer within 2 s");
        }
        catch (OverloadedException ex)
        {
            return HealthCheckResult.Degraded(ex.Message);
        }
    }
}
