using System.Globalization;
using Taskroute.Core.Configuration;
using Taskroute.Core.Reporting;

namespace Taskroute.Server.Reporting;

/// <summary>What the configuration calls each reported thing, and the service level rule of the MRD it belongs to.</summary>
internal sealed class ReportNames
{
    private readonly Dictionary<(ReportDimension, string), (string Name, int Mrd)> _known = [];
    private readonly Dictionary<int, ServiceLevelType> _rules = [];

    public ReportNames(RoutingConfiguration configuration)
    {
        foreach (var m in configuration.Mrds)
        {
            _known[(ReportDimension.Mrd, Id(m.Id))] = (m.Name, m.Id);
            _rules[m.Id] = m.ServiceLevelType;
        }
        foreach (var g in configuration.SkillGroups) _known[(ReportDimension.SkillGroup, Id(g.Id))] = (g.Name, g.MrdId);
        foreach (var q in configuration.PrecisionQueues) _known[(ReportDimension.PrecisionQueue, Id(q.Id))] = (q.Name, q.MrdId);
        foreach (var a in configuration.Agents) _known[(ReportDimension.Agent, Id(a.LoginId))] = (a.Name, 0);
        foreach (var s in configuration.ScriptSelectors) _known[(ReportDimension.ScriptSelector, s.Name)] = (s.Name, s.MrdId);
    }

    public string Of(ReportDimension dimension, string id) => _known.TryGetValue((dimension, id), out var known) && known.Name.Length > 0 ? known.Name : id;

    /// <summary>The rule of the row's MRD; for a total or a row of no known MRD, the first MRD's (a total's service level is summed row by row, each under its own).</summary>
    public ServiceLevelType ServiceLevelType(ReportDimension dimension, string? id)
    {
        if (id is not null && _known.TryGetValue((dimension, id), out var known) && _rules.TryGetValue(known.Mrd, out var rule)) return rule;
        return _rules.Count > 0 ? _rules.Values.First() : Core.Configuration.ServiceLevelType.IgnoreAbandoned;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
