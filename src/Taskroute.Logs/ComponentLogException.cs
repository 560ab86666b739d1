namespace Taskroute.Logs;

/// <summary>
/// A request about component logs that cannot be met: an unknown component or level, a time span or
/// regular expression that does not parse. The message is written to be shown to the user as is.
/// </summary>
public sealed class ComponentLogException : Exception
{
    public ComponentLogException(string message) : base(message) { }

    public ComponentLogException(string message, Exception inner) : base(message, inner) { }
}
