namespace Taskroute.Core.Reporting;

/// <summary>
/// One thing reported on: an MRD, skill group or precision queue by its id, an agent by its login
/// id (what supervisors know it by), a script selector by its name.
/// </summary>
public readonly record struct ReportKey(ReportDimension Dimension, string Id)
{
    public static ReportKey Mrd(int id) => new(ReportDimension.Mrd, Number(id));
    public static ReportKey SkillGroup(int id) => new(ReportDimension.SkillGroup, Number(id));
    public static ReportKey PrecisionQueue(int id) => new(ReportDimension.PrecisionQueue, Number(id));
    public static ReportKey Agent(int loginId) => new(ReportDimension.Agent, Number(loginId));
    public static ReportKey ScriptSelector(string name) => new(ReportDimension.ScriptSelector, name);

    private static string Number(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"{Dimension} {Id}";
}
