namespace Taskroute.Server.Api.Tasks;

/// <summary>
/// The JSON API's task submission: the CCP Task API's fields, in JSON. A field it does not have is
/// refused, not passed over: a misspelled <c>callVariable</c> would otherwise make a task without
/// the variables its script routes by, and nobody would be told.
/// </summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed class TaskSubmission
{
    /// <summary>The task feed; the first configured feed when omitted.</summary>
    public int? FeedId { get; set; }
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? ScriptSelector { get; set; }
    public bool RequeueOnRecovery { get; set; }
    public List<string>? Tags { get; set; }

    /// <summary>Call variables by number, <c>"1"</c> to <c>"10"</c>.</summary>
    public Dictionary<string, string>? CallVariables { get; set; }

    /// <summary>ECC variables by name.</summary>
    public Dictionary<string, string>? EccVariables { get; set; }
    public string? MediaType { get; set; }

    /// <summary>Queue priority 1 (highest) to 10; omitted or 0 lets the routing script decide.</summary>
    public int? Priority { get; set; }

    /// <summary>
    /// An agent to offer the task to first, by ICM agent id or login id: it gets the task when it is
    /// available in one of the task's queues as the task is routed; otherwise the script's choice stands.
    /// </summary>
    public int? PreferredAgentId { get; set; }
}
