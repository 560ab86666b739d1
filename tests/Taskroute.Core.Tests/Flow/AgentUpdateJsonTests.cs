using System.Text.Json;
using Taskroute.Core.Flow;
using Taskroute.Core.Modules.Desktop.Resources;

namespace Taskroute.Core.Tests.Flow;

public class AgentUpdateJsonTests
{
    private static JsonElement Update(FlowEvent e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) Assert.Equal("media", AgentUpdateJson.Write(in e, json));
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    [Fact]
    public void A_media_update_for_a_sign_out_says_not_routable_as_the_agent_resource_does()
    {
        // CTI's flag may still say routable as the agent leaves the MRD; the agent resource says false there.
        var signedOut = Update(new FlowEvent { Message = MessageType.AGENT_EVENT, MrdId = 5011, AgentState = AgentState.LOGOUT, Routable = true });
        Assert.Equal(("LOGOUT", false), (signedOut.GetProperty("state").GetString(), signedOut.GetProperty("routable").GetBoolean()));

        var ready = Update(new FlowEvent { Message = MessageType.AGENT_EVENT, MrdId = 5011, AgentState = AgentState.NOT_ACTIVE, Routable = true });
        Assert.True(ready.GetProperty("routable").GetBoolean());
    }

    [Fact]
    public void A_pending_not_ready_is_a_media_update_with_the_agent_resources_fields_and_nulls_once_over()
    {
        var pending = Update(new FlowEvent { Message = MessageType.AGENT_PENDING_STATE_EVENT, MrdId = 5011, AgentState = AgentState.NOT_READY, ReasonCode = 4 });
        Assert.Equal((5011, "NOT_READY", 4), (pending.GetProperty("mrdId").GetInt32(), pending.GetProperty("pendingState").GetString(), pending.GetProperty("pendingReasonCode").GetInt32()));
        // It says nothing of the state itself: the MRD's state updates do.
        Assert.False(pending.TryGetProperty("state", out _));

        var over = Update(new FlowEvent { Message = MessageType.AGENT_PENDING_STATE_EVENT, MrdId = 5011, AgentState = AgentState.LOGIN });
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (over.GetProperty("pendingState").ValueKind, over.GetProperty("pendingReasonCode").ValueKind));
    }
}
