namespace Taskroute.Server.Api.Ccp;

/// <summary>The fields of a CCP Task API submission, read from XML or from a query string.</summary>
public sealed class CcpTaskRequest
{
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? ScriptSelector { get; set; }
    public bool RequeueOnRecovery { get; set; }
    public string? MediaType { get; set; }
    public List<string> Tags { get; } = [];

    /// <summary>Variables as submitted: <c>cv_1</c>..<c>cv_10</c> and <c>user_&lt;ECC name&gt;</c>.</summary>
    public List<KeyValuePair<string, string>> Variables { get; } = [];
}
