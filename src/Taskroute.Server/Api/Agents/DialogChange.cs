namespace Taskroute.Server.Api.Agents;

/// <summary>PUT /api/v1/dialogs/{dialogId}.</summary>
public sealed class DialogChange
{
    public string? Action { get; set; }
    public string? ScriptSelector { get; set; }
    public int? Disposition { get; set; }
}
