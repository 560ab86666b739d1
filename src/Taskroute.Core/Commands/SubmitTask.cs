using Taskroute.Core.Flow;

namespace Taskroute.Core.Commands;

/// <summary>An application submits a task through a task feed (the CCP Task API).</summary>
public sealed record SubmitTask(long Time, TaskData Data) : Command(Time);
