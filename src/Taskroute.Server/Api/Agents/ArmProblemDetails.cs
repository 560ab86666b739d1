using Microsoft.AspNetCore.Mvc;

namespace Taskroute.Server.Api.Agents;

/// <summary>
/// The shape of <see cref="ArmProblem"/>'s refusals, for the OpenAPI document: ProblemDetails with
/// CCE's ARM reason and its code, which a desktop acts on as Finesse's clients act on its errors.
/// The answers themselves are written by <see cref="ArmProblem"/>.
/// </summary>
public sealed class ArmProblemDetails : ProblemDetails
{
    /// <summary>CCE's name for the refusal (E_ARM_STAT_AGENT_NOT_LOGGED_IN, E_ARM_STAT_TASK_OBJECT_NOT_FOUND, ...).</summary>
    public string? Reason { get; set; }

    /// <summary>CCE's ARM status code of the refusal.</summary>
    public int? Code { get; set; }
}
