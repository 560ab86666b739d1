namespace Taskroute.Core.Configuration;

/// <summary>A skill group: agents assigned by configuration, in exactly one MRD.</summary>
public sealed class SkillGroup
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public int MrdId { get; init; }
}
