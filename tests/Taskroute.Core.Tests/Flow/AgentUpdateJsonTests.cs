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
}
