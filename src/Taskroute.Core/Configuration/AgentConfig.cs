namespace Taskroute.Core.Configuration;

/// <summary>An agent as configured: its ids, skill groups and attributes.</summary>
public sealed class AgentConfig
{
    /// <summary>ICM agent id (SkillTargetID), e.g. 5172.</summary>
    public int Id { get; init; }

    /// <summary>Login id / peripheral number, e.g. 1080.</summary>
    public int LoginId { get; init; }

    public string Name { get; init; } = "";

    public IReadOnlyList<int> SkillGroups { get; init; } = [];

    /// <summary>Skill level per skill group, 1 to 10 (10 the most skilled); 5 where not given.</summary>
    public IReadOnlyDictionary<int, int> SkillLevels { get; init; } = new Dictionary<int, int>();

    /// <summary>Attribute values: <c>true</c>/<c>false</c> for boolean attributes, 1 to 10 for proficiencies.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    public const int DefaultSkillLevel = 5;

    public int SkillLevel(int skillGroupId) =>
        SkillLevels.TryGetValue(skillGroupId, out var level) ? level : DefaultSkillLevel;
}
