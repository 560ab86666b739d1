namespace Taskroute.Server.Api.Agents;

/// <summary>
/// PUT /api/v1/agents/{loginId}/media/{mrdId}, in Finesse's terms. A field it does not have is
/// refused, as the task API's are: a misspelled <c>maxDialogLimit</c> or a <c>reason</c> for
/// <c>reasonCode</c> would otherwise sign in with the MRD's limit or go not ready with reason 0, and
/// answer 200.
/// </summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public class MediaChange
{
    public string? State { get; set; }
    public int? ReasonCode { get; set; }
    public int? MaxDialogLimit { get; set; }
    public string? InterruptAction { get; set; }
    public string? DialogLogoutAction { get; set; }
    public bool? Routable { get; set; }
}
