namespace Taskroute.Server.Api.Agents;

/// <summary>
/// One request on the agent channel: a dialog action (<c>dialogId</c> and <c>action</c>, as
/// PUT /api/v1/dialogs/{id} takes them) or a media state change (<c>mrdId</c> and the fields of
/// PUT /api/v1/agents/{loginId}/media/{mrdId}, which it inherits). <c>id</c> is the client's, echoed in the reply.
/// </summary>
public sealed class ChannelRequest : MediaChange
{
    public long? Id { get; set; }
    public string? DialogId { get; set; }
    public string? Action { get; set; }
    public string? ScriptSelector { get; set; }
    public int? Disposition { get; set; }
    public int? MrdId { get; set; }
}
