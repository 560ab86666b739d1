using System.Text.Json;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;

namespace Taskroute.Server.Api.Agents;

/// <summary>
/// The agent channel's answer to one request: <c>{"type":"reply","id":..,"status":200}</c>, or with
/// the same status, title and detail the REST API's ProblemDetails would carry (and CCE's
/// <c>reason</c> and <c>code</c> for a refused command, the <c>field</c> for a bad value).
/// </summary>
internal readonly record struct ChannelReply(long? Id, int Status, string? Title = null, string? Detail = null, string? Field = null, ArmStatus? Arm = null)
{
    public static ChannelReply Ok(long? id) => new(id, 200);

    public static ChannelReply Invalid(long? id, string field, string expected) => new(id, 400, "invalid request", $"{field} must be {expected}", field);

    public static ChannelReply Refused(long? id, CommandResult result) =>
        new(id, ArmProblem.HttpStatus(result.Status), ArmProblem.Reason(result.Status), result.Detail, Arm: result.Status);

    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "reply"u8);
        if (Id is { } id) json.WriteNumber("id"u8, id);
        else json.WriteNull("id"u8);
        json.WriteNumber("status"u8, Status);
        if (Title is not null) json.WriteString("title"u8, Title);
        if (Detail is not null) json.WriteString("detail"u8, Detail);
        if (Field is not null) json.WriteString("field"u8, Field);
        if (Arm is { } arm)
        {
            json.WriteString("reason"u8, ArmProblem.Reason(arm));
            json.WriteNumber("code"u8, (int)arm);
        }
        json.WriteEndObject();
    }
}
