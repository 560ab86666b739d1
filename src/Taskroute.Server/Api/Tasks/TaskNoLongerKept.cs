namespace Taskroute.Server.Api.Tasks;

/// <summary>
/// The body of a retried submit whose first task has ended and been let go of (kept
/// <c>ContactRetentionSeconds</c> after its end, its key a day): the task's id, and why nothing
/// more can be said. Still a 201: the task was made, once; a cluster's front end answers the same.
/// </summary>
public sealed record TaskNoLongerKept(Guid Id, string Detail)
{
    public const string Because = "the task this Idempotency-Key made first; it ended long enough ago that it is no longer kept";
}
