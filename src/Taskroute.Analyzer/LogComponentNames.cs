namespace Taskroute.Analyzer;

/// <summary>The short names of <see cref="LogComponent"/>, as the TechNote and the CLI write them.</summary>
public static class LogComponentNames
{
    private static readonly string[] Names = ["unknown", "ccppublicapps", "ccpapi", "runtime", "webservices", "ctisvr", "pim", "rtr"];

    public static string Of(LogComponent component) => (int)component < Names.Length ? Names[(int)component] : "unknown";

    /// <summary>True for the three ICM processes, whose lines carry only a local time of day.</summary>
    public static bool IsIcm(LogComponent component) => component is LogComponent.CtiSvr or LogComponent.Pim or LogComponent.Rtr;
}
