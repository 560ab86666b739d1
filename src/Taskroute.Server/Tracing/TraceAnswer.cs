using Taskroute.Server.Api.Traces;

namespace Taskroute.Server.Tracing;

/// <summary>What a trace request comes to: one task's trace, an agent's tasks, or why there is neither.</summary>
public abstract record TraceAnswer
{
    public sealed record Task(TraceResource Trace) : TraceAnswer;

    public sealed record Agent(AgentTraceList List) : TraceAnswer;

    public sealed record NotFound(string Detail) : TraceAnswer;

    public sealed record Invalid(string Detail) : TraceAnswer;
}
