namespace Taskroute.Server.Api.Agents;

/// <summary>
/// One request on the agent channel: a dialog action (<c>dialogId</c> and <c>action</c>, as
/// PUT /api/v1/dialogs/{id} takes them) or a media state change (<c>mrdId</c> and the fields of
/// PUT /api/v1/agents/{loginId}/media/{mrdId}). <c>id</c> is the client's, echoed in the reply.
/// </summary>
public sealed class ChannelRequest
{
    public long? Id { get; set; }
    public string? DialogId { get; set; }
    public string? Action { get; set; }
    public string? ScriptSelector { get; set; }
    public int? Disposition { get; set; }
    public int? MrdId { get; set; }
    public string? State { get; set; }
    public int? ReasonCode { get; set; }
    public int? MaxDialogLimit { get; set; }
    public string? InterruptAction { get; set; }
    public string? DialogLogoutAction { get; set; }
    public bool? Routable { get; set; }

    public MediaChange AsMediaChange() => new()
    {
        State = State, ReasonCode = ReasonCode, MaxDialogLimit = MaxDialogLimit, InterruptAction = InterruptAction,
        DialogLogoutAction = DialogLogoutAction, Routable = Routable,
    };
}
