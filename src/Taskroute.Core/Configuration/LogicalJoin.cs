namespace Taskroute.Core.Configuration;

public enum LogicalJoin
{
    And,
    Or,
}
