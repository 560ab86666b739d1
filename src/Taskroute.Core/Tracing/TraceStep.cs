namespace Taskroute.Core.Tracing;

/// <summary>
/// One of the nine steps of the TechNote's message flow, and when the task reached it (Unix
/// milliseconds), or null when it has not.
/// </summary>
public sealed record TraceStep(int Number, string Name, long? Time);
