namespace Taskroute.Server.Api.Agents;

/// <summary>
/// One request on the agent channel: a dialog action (<c>dialogId</c> and <c>action</c>, as
/// PUT /api/v1/dialogs/{id} takes them) or a media state change (<c>mrdId</c> and the fields of
/// PUT /api/v1/agents/{loginId}/media/{mrdId}, which it inherits). <c>id</c> is the client's, echoed in the reply.
/// A field it does not have is refused, as on the REST API.
/// </summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed class ChannelRequest : MediaChange
{
    public long? Id { get; set; }
    public string? DialogId { get; set; }
    public string? Action { get; set; }
    public string? ScriptSelector { get; set; }
    public int? Disposition { get; set; }
    public int? MrdId { get; set; }

    /// <summary>The fields a request may carry, said when it carries another.</summary>
    public const string Fields = "a request takes id, dialogId, action, scriptSelector, disposition, or id, mrdId, state, reasonCode, maxDialogLimit, interruptAction, dialogLogoutAction, routable";

    /// <summary>The first field given of a dialog step, or null.</summary>
    public string? DialogField() =>
        DialogId is not null ? "dialogId" : Action is not null ? "action" : ScriptSelector is not null ? "scriptSelector" : Disposition is not null ? "disposition" : null;

    /// <summary>The first field given of a media change, or null.</summary>
    public string? MediaField() =>
        MrdId is not null ? "mrdId" : State is not null ? "state" : ReasonCode is not null ? "reasonCode" : MaxDialogLimit is not null ? "maxDialogLimit"
        : InterruptAction is not null ? "interruptAction" : DialogLogoutAction is not null ? "dialogLogoutAction" : Routable is not null ? "routable" : null;
}
