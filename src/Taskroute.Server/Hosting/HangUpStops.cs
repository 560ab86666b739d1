using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Taskroute.Server.Hosting;

/// <summary>
/// SIGHUP stops the server as SIGTERM does: the requests it holds are answered, the journal made
/// durable and, on a single server, a snapshot stored. A closed terminal or a supervisor's hang-up
/// otherwise ended the process at once (exit 129), as a kill does: no snapshot, so the next start
/// replayed everything since the last one, and requests in flight were cut off.
/// </summary>
/// <remarks>
/// The host's console lifetime takes SIGINT, SIGQUIT and SIGTERM this way, but not SIGHUP, whose
/// default action ends the process. Held from the host's start until it is disposed, as those are:
/// a second hang-up while the server drains must not end it half way.
/// </remarks>
internal sealed partial class HangUpStops(IHostApplicationLifetime lifetime, ILogger<HangUpStops> logger) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration ??= PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            LogHangUp();
            lifetime.StopApplication();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _registration?.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGHUP (a terminal closed, or a supervisor hung up): stopping as for SIGTERM")]
    private partial void LogHangUp();
}
