namespace Taskroute.Logs;

/// <summary>The short names of the components and levels, as the CLI and the files use them.</summary>
public static class ComponentLogNames
{
    private static readonly string[] Names = ["ccppublicapps", "ccpapi", "runtime", "webservices", "ctisvr", "pim", "rtr"];

    /// <summary>Every component, in the order of the TechNote's "Logs Required" list.</summary>
    public static IReadOnlyList<ComponentLog> All { get; } = Enum.GetValues<ComponentLog>();

    /// <summary>The component's short name, which is also its folder and file name.</summary>
    public static string Of(ComponentLog component) => Names[(int)component];

    /// <summary>Reads a short name, ignoring case; an unknown name is refused with the list of valid ones.</summary>
    public static ComponentLog ParseComponent(string name)
    {
        for (var i = 0; i < Names.Length; i++)
            if (string.Equals(Names[i], name?.Trim(), StringComparison.OrdinalIgnoreCase)) return (ComponentLog)i;
        throw new ComponentLogException($"unknown component '{name}'; valid components: {string.Join(", ", Names)}");
    }

    /// <summary>Reads a level name (OFF, ERROR, WARN, INFO, DEBUG, TRACE), ignoring case.</summary>
    public static ComponentLogLevel ParseLevel(string name)
    {
        if (Enum.TryParse<ComponentLogLevel>(name?.Trim(), ignoreCase: true, out var level) && Enum.IsDefined(level) &&
            !int.TryParse(name, out _))
            return level;
        throw new ComponentLogException($"unknown level '{name}'; valid levels: {string.Join(", ", Enum.GetNames<ComponentLogLevel>())}");
    }
}
