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
    /// <summary>
    /// What a change did: the hashes before and after, whether the engine's configuration changed at
    /// all, and whether the accounts did. <paramref name="Stale"/>: refused unheard, as the
    /// configuration was no longer the one the caller read.
    /// </summary>
    /// <paramref name="Previous"/>: the configuration the change was made from (or checked against); null when not changed.
    public sealed record Outcome(CommandResult Result, string From, string To, bool Changed, bool AccountsChanged, bool Stale = false, RoutingConfiguration? Previous = null);

    // One change at a time: two at once would both be checked against the configuration before either.
    private readonly SemaphoreSlim _one = new(1, 1);

    // expected: the hash the caller read (If-Match), checked under the same lock as the change; null: any.
    // user: who asked, for the log.
    public async Task<Outcome> ApplyAsync(RoutingConfiguration configuration, IReadOnlyList<AccountConfig>? newAccounts, string? expected, string? user, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var previous = host.Configuration;
            var from = RoutingEngine.ConfigurationHashOf(previous);
            var to = RoutingEngine.ConfigurationHashOf(configuration);
            if (expected is not null && !string.Equals(expected, from, StringComparison.OrdinalIgnoreCase))
                return new Outcome(CommandResult.Success(), from, to, Changed: false, AccountsChanged: false, Stale: true);
            if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
            {
                var same = accounts.Change(configuration, newAccounts);
                if (same) LogAccountsChanged(user);
                return new Outcome(CommandResult.Success(), from, to, Changed: false, AccountsChanged: same);
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
                return new Outcome(result, from, to, Changed: false, AccountsChanged: false);
            }
            var accountsChanged = accounts.Change(configuration, newAccounts);
            archive.MarkRunning(configuration);
            LogChanged(from, to, user);
            return new Outcome(result, from, to, Changed: true, accountsChanged, Previous: previous);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>
    /// What <see cref="ApplyAsync"/> would answer, checked against the running configuration and the
    /// open work on the writer loop, changing nothing: nothing kept, journaled or learnt.
    /// </summary>
    public async Task<Outcome> CheckAsync(RoutingConfiguration configuration, IReadOnlyList<AccountConfig>? newAccounts, string? expected, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var (previous, problem) = await host.QueryAsync((engine, _) => (engine.Configuration, engine.ConfigurationChangeProblem(configuration)), cancellationToken);
            var from = RoutingEngine.ConfigurationHashOf(previous);
            var to = RoutingEngine.ConfigurationHashOf(configuration);
            if (expected is not null && !string.Equals(expected, from, StringComparison.OrdinalIgnoreCase))
                return new Outcome(CommandResult.Success(), from, to, Changed: false, AccountsChanged: false, Stale: true);
            var accountsWould = newAccounts is { Count: > 0 } && accounts.WouldChange(newAccounts);
            if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
                return new Outcome(CommandResult.Success(), from, to, Changed: false, AccountsChanged: accountsWould);
            return problem is null
                ? new Outcome(CommandResult.Success(), from, to, Changed: true, accountsWould, Previous: previous)
                : new Outcome(new CommandResult(Core.Flow.ArmStatus.InvalidArgument, problem), from, to, Changed: false, AccountsChanged: false);
        }
        finally
        {
            _one.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The configuration changes from {From} to {To} from now on, as {User} asked while the server runs")]
    private partial void LogChanged(string from, string to, string? user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The accounts were replaced by the configuration file {User} sent; routing is unchanged")]
    private partial void LogAccountsChanged(string? user);
}
