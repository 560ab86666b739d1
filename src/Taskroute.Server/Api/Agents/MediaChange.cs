namespace Taskroute.Server.Api.Agents;

/// <summary>PUT /api/v1/agents/{loginId}/media/{mrdId}, in Finesse's terms.</summary>
public class MediaChange
{
    public string? State { get; set; }
    public int? ReasonCode { get; set; }
    public int? MaxDialogLimit { get; set; }
    public string? InterruptAction { get; set; }
    public string? DialogLogoutAction { get; set; }
    public bool? Routable { get; set; }
}
