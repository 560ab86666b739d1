namespace Taskroute.Analyzer.Tests;

/// <summary>Finesse's CTI message lines name the agent's login only in their <c>[agent-id [...]]</c> bracket.</summary>
public sealed class FinesseLoginTests
{
    [Fact]
    public void The_login_in_the_agent_id_bracket_of_a_cti_message_line_is_the_tasks()
    {
        using var dir = new TempFolder();
        dir.Write("webservices.log", """
            200002: [INFO]: [call-id [154570_40001_1]] [agent-id [1081]]: [Mar 14 2024 13:10:04.531 +0000]: [EVENT_POOL-1-worker-17]: [c.c.c.f.c.CTIMessageEventExecutor]: DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIOfferTaskEvent [peripheralID=5000, mrdID=5011, icmAgentID=5173, taskID=154570:40001:1, skillGroupID=5199]]
            200003: [INFO]: [call-id [154570_40001_1]] [agent-id [1081]]: [Mar 14 2024 13:10:20.030 +0000]: [EVENT_POOL-1-worker-19]: [c.c.c.f.c.CTIMessageEventExecutor]: DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIStartTaskEvent [peripheralID=5000, mrdID=5011, icmAgentID=5173, taskID=154570:40001:1]]

            """);
        var task = Assert.Single(LogAnalyzer.Analyze([dir.Path]).Tasks);
        Assert.Equal((5173, 1081), (task.AgentId, task.LoginId));
        Assert.All(task.Timeline, e => Assert.Equal(1081, e.LoginId));
    }
}
