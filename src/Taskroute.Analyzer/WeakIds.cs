namespace Taskroute.Analyzer;

/// <summary>Ids of an event that ran to the end of a possibly truncated line.</summary>
[Flags]
internal enum WeakIds : byte
{
    None = 0,
    RouterCallKey = 1,
    Agent = 2,
    Login = 4,
    Invoke = 8,
    Sequence = 16,
}
