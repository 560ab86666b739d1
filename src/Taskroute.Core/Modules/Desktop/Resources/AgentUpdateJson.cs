using System.Globalization;
using System.Text.Json;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Modules.Desktop.Resources;

/// <summary>
/// An agent's update as its event stream sends it, written straight to the stream's buffer: a
/// thousand agents' desktops get several updates per task each, and going through objects and the
/// reflection serializer for each cost a visible share of the server. A single server's streams and
/// a cluster's domains write them alike.
/// </summary>
public static class AgentUpdateJson
{
    /// <summary>Writes the update for the event and answers the stream's event name, or writes nothing and answers null.</summary>
    public static string? Write(in FlowEvent e, Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        switch (e.Message)
        {
            case MessageType.AGENT_EVENT:
                json.WriteStartObject();
                json.WriteString("type"u8, "media"u8);
                json.WriteNumber("mrdId"u8, e.MrdId);
                json.WriteString("state"u8, e.AgentState.ToString());
                json.WriteNumber("reasonCode"u8, e.ReasonCode);
                json.WriteNumber("numTasks"u8, e.NumTasks);
                json.WriteNumber("maxTaskLimit"u8, e.MaxTaskLimit);
                // As the agent resource says it: nobody signed out of an MRD is routable there, whatever CTI's flag.
                json.WriteBoolean("routable"u8, e.Routable && e.AgentState != AgentState.LOGOUT);
                json.WriteString("availability"u8, e.Availability.ToString());
                json.WriteEndObject();
                return "media";
            case MessageType.AGENT_MADE_NOT_ROUTABLE_EVENT:
                json.WriteStartObject();
                json.WriteString("type"u8, "media"u8);
                json.WriteNumber("mrdId"u8, e.MrdId);
                json.WriteBoolean("routable"u8, false);
                json.WriteString("reason"u8, e.Text);
                json.WriteEndObject();
                return "media";
            case MessageType.AGENT_PENDING_STATE_EVENT:
                // As the agent resource says it: what the MRD becomes once its tasks end, or nulls.
                json.WriteStartObject();
                json.WriteString("type"u8, "media"u8);
                json.WriteNumber("mrdId"u8, e.MrdId);
                if (e.AgentState == AgentState.LOGIN)
                {
                    json.WriteNull("pendingState"u8);
                    json.WriteNull("pendingReasonCode"u8);
                }
                else
                {
                    json.WriteString("pendingState"u8, e.AgentState.ToString());
                    json.WriteNumber("pendingReasonCode"u8, e.ReasonCode);
                }
                json.WriteEndObject();
                return "media";
            case MessageType.AGENT_PRE_CALL_EVENT:
                Dialog(e, json, "OFFERED"u8);
                json.WriteString("taskId"u8, e.TaskId.ToString());
                json.WriteString("contactId"u8, e.ContactId);
                json.WriteString("name"u8, e.Data?.Name);
                json.WriteString("title"u8, e.Data?.Title);
                json.WriteString("description"u8, e.Data?.Description);
                // The rest of what the dialogs list shows, so a desktop can show the task (a chat's
                // link, the customer's account in a call variable) as it rings, without reading it back.
                json.WriteNumber("skillGroupId"u8, e.SkillGroupId);
                if (e.Data is { } data) Variables(data, json);
                json.WriteString("offeredAt"u8, DateTimeOffset.FromUnixTimeMilliseconds(e.Time));
                json.WriteEndObject();
                return "dialog";
            case MessageType.OFFER_TASK_EVENT:
                return Closed(json, Dialog(e, json, "ACCEPTED"u8));
            case MessageType.START_TASK_EVENT or MessageType.RESUME_TASK_EVENT:
                return Closed(json, Dialog(e, json, "ACTIVE"u8));
            case MessageType.PAUSE_TASK_EVENT:
                return Closed(json, Dialog(e, json, "PAUSED"u8));
            case MessageType.WRAPUP_TASK_EVENT:
                return Closed(json, Dialog(e, json, "WRAPPING_UP"u8));
            case MessageType.END_TASK_EVENT or MessageType.AGENT_PRE_CALL_ABORT_EVENT:
                Dialog(e, json, "CLOSED"u8);
                json.WriteNumber("disposition"u8, (int)e.Disposition);
                json.WriteString("dispositionName"u8, e.Disposition.ToString());
                json.WriteString("reason"u8, e.Text);
                json.WriteEndObject();
                return "dialog";
            default:
                return null;
        }
    }

    // Opens a dialog update with the fields every one of them carries; the caller adds its own and closes it.
    private static string Dialog(in FlowEvent e, Utf8JsonWriter json, ReadOnlySpan<byte> state)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "dialog"u8);
        json.WriteString("dialogId"u8, e.TaskId.ToDialogId());
        json.WriteString("state"u8, state);
        json.WriteNumber("mrdId"u8, e.MrdId);
        return "dialog";
    }

    // As DialogResource writes them: call variables by number, only those given; ECC variables by name, the first of a name.
    private static void Variables(TaskData data, Utf8JsonWriter json)
    {
        json.WriteStartObject("callVariables"u8);
        for (var i = 0; i < data.CallVariables.Count; i++)
            if (data.CallVariables[i] is { } value) json.WriteString((i + 1).ToString(CultureInfo.InvariantCulture), value);
        json.WriteEndObject();
        json.WriteStartObject("eccVariables"u8);
        foreach (var (name, value) in data.EccVariablesByName()) json.WriteString(name, value);
        json.WriteEndObject();
        json.WriteString("mediaType"u8, data.MediaType);
    }

    private static string Closed(Utf8JsonWriter json, string name)
    {
        json.WriteEndObject();
        return name;
    }
}
