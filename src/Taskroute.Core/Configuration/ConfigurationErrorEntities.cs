namespace Taskroute.Core.Configuration;

/// <summary>
/// Names the entry behind an error's index by its ids: in a file of 1,500 agents, <c>agents[1234]</c>
/// sends the operator counting entries, where the agent's id and login id find it at once.
/// </summary>
public static class ConfigurationErrorEntities
{
    public static IReadOnlyList<ConfigurationError> Named(RoutingConfiguration config, IReadOnlyList<ConfigurationError> errors)
    {
        if (errors.Count == 0) return errors;
        var named = new List<ConfigurationError>(errors.Count);
        foreach (var error in errors)
            named.Add(error.Entity is null && EntityOf(config, error.Path) is { } entity ? error with { Entity = entity } : error);
        return named;
    }

    /// <summary>The entry the path starts at (<c>agents[3]...</c>), named by its ids; null for a path not in a list or an entry with none given.</summary>
    public static string? EntityOf(RoutingConfiguration config, string path)
    {
        var open = path.IndexOf('[');
        var close = open < 0 ? -1 : path.IndexOf(']', open);
        if (close < 0 || !int.TryParse(path.AsSpan(open + 1, close - open - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)) return null;
        return path[..open] switch
        {
            "agents" => At(config.Agents, index) is { } a ? Agent(a) : null,
            "mrds" => At(config.Mrds, index) is { Id: > 0 } m ? $"MRD {m.Id}" : null,
            "skillGroups" => At(config.SkillGroups, index) is { Id: > 0 } g ? $"skill group {g.Id}" : null,
            "precisionQueues" => At(config.PrecisionQueues, index) is { Id: > 0 } q ? $"precision queue {q.Id}" : null,
            "scriptSelectors" => At(config.ScriptSelectors, index) is { Name.Length: > 0 } s ? $"script selector {s.Name}" : null,
            "taskFeeds" => At(config.TaskFeeds, index) is { Id: > 0 } f ? $"task feed {f.Id}" : null,
            _ => null,
        };
    }

    private static string? Agent(AgentConfig a) => (a.Id, a.LoginId) switch
    {
        ( > 0, > 0) => $"agent {a.Id}, login id {a.LoginId}",
        ( > 0, _) => $"agent {a.Id}",
        (_, > 0) => $"login id {a.LoginId}",
        _ => null,
    };

    // A list read from a file can hold a null entry; the scan for holes names those by index alone.
    private static T? At<T>(IReadOnlyList<T> list, int index) where T : class => index < list.Count ? list[index] : null;
}
