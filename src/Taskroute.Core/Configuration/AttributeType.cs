namespace Taskroute.Core.Configuration;

/// <summary>An agent attribute is either a yes/no fact or a proficiency from 1 to 10.</summary>
public enum AttributeType
{
    Boolean,
    Proficiency,
}
