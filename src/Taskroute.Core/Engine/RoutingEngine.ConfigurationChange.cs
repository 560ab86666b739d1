using Taskroute.Core.Configuration;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Flow;
using Taskroute.Core.Modules.AgentPeripheral;
using Taskroute.Core.Modules.Desktop;
using Taskroute.Core.Modules.Router;

namespace Taskroute.Core.Engine;

/// <summary>
/// Configuration changes that apply from now on. What already happened is not routed again: the
/// router, the peripheral and the desktop are rebuilt on the new configuration and take over the
/// old ones' state, matched by ids. Contacts and the MR PG's dialogues do not depend on the
/// configuration and stay as they are. Tasks waiting in queues then go to agents the change made
/// able to take them, as messages of this command.
/// </summary>
public sealed partial class RoutingEngine
{
    /// <summary>Changes to the configuration a journaled <see cref="Commands.ChangeConfiguration"/> names, found through <see cref="EngineOptions.Configurations"/>.</summary>
    public CommandResult ChangeConfiguration(long time, string hash)
    {
        Begin(time);
        var next = _ctx.Options.Configurations?.Invoke(hash);
        if (next is null) return Refuse($"configuration {hash} is not known here");
        var found = Convert.ToHexString(ConfigurationFingerprint.Of(next));
        if (!string.Equals(found, hash, StringComparison.OrdinalIgnoreCase))
            return Refuse($"the configuration kept as {hash} hashes to {found}");
        return CarryOverTo(next);
    }

    /// <summary>
    /// Routes under <paramref name="next"/> from <paramref name="time"/> on. Refused, with every
    /// reason and nothing changed, when open work has no place in it (an agent removed while signed
    /// in, a skill group removed with tasks queued to it).
    /// </summary>
    public CommandResult ChangeConfiguration(long time, RoutingConfiguration next)
    {
        ArgumentNullException.ThrowIfNull(next);
        Begin(time);
        return CarryOverTo(next);
    }

    private CommandResult CarryOverTo(RoutingConfiguration next)
    {
        RoutingModel model;
        try
        {
            model = new RoutingModel(next);
        }
        catch (InvalidConfigurationException ex)
        {
            return Refuse(ex.Message);
        }
        var oldModel = _ctx.Model;
        _ctx.Model = model;
        var router = new RouterModule(_ctx);
        var peripheral = new AgentPeripheralModule(_ctx);
        var desktop = new DesktopModule(_ctx);
        if (Problems(router, peripheral, oldModel) is { } problems)
        {
            _ctx.Model = oldModel;
            return Refuse(problems);
        }
        router.CarryOver(_router);
        peripheral.CarryOver(_peripheral, oldModel);
        desktop.CarryOver(_desktop, oldModel);
        _configuration = model.Config;
        _router = router;
        _peripheral = peripheral;
        _desktop = desktop;
        _fingerprint = null;
        _router.FillAvailableAgents();
        return Finish();
    }

    /// <summary>
    /// What <see cref="ChangeConfiguration(long, RoutingConfiguration)"/> would refuse now, in its
    /// words; null when it would take <paramref name="next"/>. Changes nothing: a dry run, for an
    /// administrator to check a change against the open work before making it.
    /// </summary>
    public string? ConfigurationChangeProblem(RoutingConfiguration next)
    {
        ArgumentNullException.ThrowIfNull(next);
        RoutingModel model;
        try
        {
            model = new RoutingModel(next);
        }
        catch (InvalidConfigurationException ex)
        {
            return ex.Message;
        }
        var oldModel = _ctx.Model;
        _ctx.Model = model;
        try
        {
            return Problems(new RouterModule(_ctx), new AgentPeripheralModule(_ctx), oldModel);
        }
        finally
        {
            _ctx.Model = oldModel;
        }
    }

    // Run with _ctx.Model already the new one, the modules built on it.
    private string? Problems(RouterModule router, AgentPeripheralModule peripheral, RoutingModel oldModel)
    {
        var problems = new CarryOverProblems();
        peripheral.CheckCarryOver(_peripheral, oldModel, problems);
        router.CheckCarryOver(_router, problems);
        return problems.Any ? "the new configuration has no place for open work: " + problems : null;
    }

    private CommandResult Refuse(string detail)
    {
        _ctx.Fail(ArmStatus.InvalidArgument, detail);
        return Finish();
    }
}
