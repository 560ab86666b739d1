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
            // Degraded, still ready (200): routing, intake and the desktops run on the live engine;
            // what the damage takes is history. Taking the only server out of a load balancer over
            // an old trace would stop the centre. Alerts read taskroute_data_damaged.
            if (damage.What is { } damaged) return HealthCheckResult.Degraded(damaged);
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
