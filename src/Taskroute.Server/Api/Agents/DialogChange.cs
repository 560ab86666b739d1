namespace Taskroute.Server.Api.Agents;

/// <summary>PUT /api/v1/dialogs/{dialogId}. A field it does not have is refused, as for a media change.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed class DialogChange
{
    public string? Action { get; set; }
    public string? ScriptSelector { get; set; }
    public int? Disposition { get; set; }
}
