namespace Taskroute.Core.Scripts;

/// <summary>A yes/no question the router asks about a task: a comparison, or several joined.</summary>
public abstract class Condition
{
    private protected Condition()
    {
    }
}
