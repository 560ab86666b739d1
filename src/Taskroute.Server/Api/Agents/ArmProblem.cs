using Microsoft.AspNetCore.Http;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;

namespace Taskroute.Server.Api.Agents;

/// <summary>A refused agent or dialog command as ProblemDetails: CCE's ARM reason, its code, and a 4xx status.</summary>
public static class ArmProblem
{
    public static IResult From(CommandResult result) => result.Status == ArmStatus.InvalidArgument ? Invalid(result.Detail) : Of(result.Status, result.Detail);

    // A bad argument has no ARM reason of CCE's: it is answered as any other invalid field, named
    // in errors (the engine says "field: what is wrong").
    private static IResult Invalid(string? detail)
    {
        var (field, message) = Ccp.ApiError.FromProblem(detail ?? "invalid argument", "request");
        return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: $"invalid {field}");
    }

    /// <summary>A refusal the API decides before any command runs (no such agent or dialog), in the same shape.</summary>
    public static IResult Of(ArmStatus status, string? detail)
    {
        var problem = Results.Problem(
            statusCode: HttpStatus(status),
            title: Reason(status),
            detail: detail,
            type: ProblemTypes.For(HttpStatus(status)),
            extensions: new Dictionary<string, object?> { ["reason"] = Reason(status), ["code"] = (int)status });
        return status == ArmStatus.QueueFull ? new RetryAfterSecond(problem) : problem;
    }

    // A full queue empties as agents take tasks: the client is told when to try again, as a submit's 429 does.
    private sealed class RetryAfterSecond(IResult problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            return problem.ExecuteAsync(httpContext);
        }
    }

    /// <summary>The HTTP status a refusal answers with: 404 for what does not exist, 400 for a bad argument, 429 for a full queue, 409 for the wrong state.</summary>
    public static int HttpStatus(ArmStatus status) => status switch
    {
        ArmStatus.AgentNotFound or ArmStatus.MrdNotFound or ArmStatus.TaskNotFound => StatusCodes.Status404NotFound,
        ArmStatus.InvalidArgument => StatusCodes.Status400BadRequest,
        ArmStatus.QueueFull => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status409Conflict,
    };

    /// <summary>The name CCE (and Finesse's error messages) give the status.</summary>
    public static string Reason(ArmStatus status) => status switch
    {
        ArmStatus.AgentAlreadyLoggedIn => "E_ARM_STAT_AGENT_ALREADY_LOGGED_IN",
        ArmStatus.AgentNotFound => "E_ARM_STAT_AGENT_NOT_FOUND",
        ArmStatus.MrdNotFound => "E_ARM_STAT_MRD_LIST_ENTRY_NOT_FOUND",
        ArmStatus.AgentNotLoggedIn => "E_ARM_STAT_AGENT_NOT_LOGGED_IN",
        ArmStatus.TaskNotFound => "E_ARM_STAT_TASK_OBJECT_NOT_FOUND",
        ArmStatus.InvalidMessageSequence => "E_ARM_STAT_INVALID_MESSAGE_SEQUENCE",
        ArmStatus.InconsistentMrdIds => "E_ARM_STAT_INCONSISTENT_MEDIA_ROUTING_DOMAIN_IDS",
        ArmStatus.InconsistentAgentIds => "E_ARM_STAT_INCONSISTENT_AGENT_IDS",
        ArmStatus.NotValidAfterInterruptAdvisoryAccept => "E_ARM_STAT_NOT_VALID_AFTER_INTERRUPT_ADVISORY_ACCEPT",
        ArmStatus.SkillGroupNotFound => "E_ARM_STAT_SKILL_GROUP_NOT_FOUND",
        ArmStatus.PerformanceLimitExceeded => "E_ARM_STAT_PERFORMANCE_LIMIT_EXCEEDED",
        _ => status.ToString(),
    };
}
