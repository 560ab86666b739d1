namespace Taskroute.Core.Reporting;

/// <summary>What an interval row is about: CCE keeps its interval tables per these.</summary>
public enum ReportDimension : byte
{
    Mrd,
    SkillGroup,
    PrecisionQueue,
    Agent,
    ScriptSelector,
}
