using Microsoft.Extensions.Logging;
using Taskroute.Core.Commands;
using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Server.Accounts;
using Taskroute.Server.Configuration;

namespace Taskroute.Server.Hosting;

/// <summary>
/// A configuration change made while the server runs: kept in the data directory, journaled as a
/// <see cref="ChangeConfiguration"/> the engine applies from that moment, then taken up by what
/// reads the configuration beside the engine (accounts, reports).
/// </summary>
public sealed partial class ConfigurationChanges(EngineHost host, ConfigurationArchive archive, AccountStore accounts, Reporting.ReportKeeper reports, ILogger<ConfigurationChanges> logger)
{
    /// <summary>What a change did: the hashes before and after, and whether the engine's configuration changed at all.</summary>
    public sealed record Outcome(CommandResult Result, string From, string To, bool Changed);

    // One change at a time: two at once would both be checked against the configuration before either.
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<Outcome> ApplyAsync(RoutingConfiguration configuration, IReadOnlyList<AccountConfig>? newAccounts, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var from = RoutingEngine.ConfigurationHashOf(host.Configuration);
            var to = RoutingEngine.ConfigurationHashOf(configuration);
            if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
            {
                accounts.Change(configuration, newAccounts);
                return new Outcome(CommandResult.Success(), from, to, Changed: false);
            }
            // Kept before the journal names it, and learnt by the reports before its records reach them.
            var added = archive.Keep(configuration, out var written);
            reports.Learn(configuration);
            var result = await host.ExecuteAsync(now => new ChangeConfiguration(now, added), cancellationToken);
            if (!result.Succeeded)
            {
                if (written) archive.Forget(added);
                // What the refused one says no longer counts over the running one's.
                reports.Learn(host.Configuration);
                return new Outcome(result, from, to, Changed: false);
            }
            accounts.Change(configuration, newAccounts);
            archive.MarkRunning(configuration);
            LogChanged(from, to);
            return new Outcome(result, from, to, Changed: true);
        }
        finally
        {
            _one.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The configuration was changed from {From} to {To} while running; it applies from now on")]
    private partial void LogChanged(string from, string to);
}
