namespace Taskroute.Core.Tracing;

/// <summary>
/// One of the nine steps of the TechNote's message flow, and when the task reached it (Unix
/// milliseconds), or null when it has not; <paramref name="Missing"/> when it has not but should have
/// (a later step was reached, or the task was handled), as its <c>missingStep</c> flag says. A step not
/// reached and not missing is one the task has not come to yet, or never will (it ended before).
/// </summary>
public sealed record TraceStep(int Number, string Name, long? Time, bool Missing = false);
