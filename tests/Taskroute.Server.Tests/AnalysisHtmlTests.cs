using Taskroute.Analyzer;
using Taskroute.Cli.Output;

namespace Taskroute.Server.Tests;

/// <summary>The analyzer's HTML report tells every time on one clock, the ICM servers', as the terminal does.</summary>
public class AnalysisHtmlTests
{
    [Fact]
    public void Times_of_logs_in_utc_are_shown_at_the_icm_offset_with_dates_when_the_logs_span_days()
    {
        // ctisvr at -04:00 late on the 14th; Finesse in UTC, past midnight there.
        var ctisvr = LogSource.FromText("ctisvr.log", """
            Events from March 14, 2024
            23:59:55:000 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x10 MRDID:5011 ICMAgentID:5174 )
            23:59:55:000 cg3A-ctisvr Session 3: TaskID:154570/40004/1ARMSkillGroupID:5199 ARMServiceID:N/A)
            00:00:20:000 cg3A-ctisvr Session 3: MsgType:START_TASK_IND (InvokeID:0x11 MRDID:5011 ICMAgentID:5174 )
            00:00:20:000 cg3A-ctisvr Session 3: TaskID:154570/40004/1ARMSkillGroupID:5199 ARMServiceID:N/A)

            """);
        var finesse = LogSource.FromText("webservices.log", """
            200002: [INFO]: [call-id [154570_40004_1]] [agent-id [1082]]: [Mar 15 2024 03:59:55.029 +0000]: [EVENT_POOL-1-worker-17]: [c.c.c.f.c.CTIMessageEventExecutor]: DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=CTIOfferTaskEvent [peripheralID=5000, mrdID=5011, icmAgentID=5174, taskID=154570:40004:1, skillGroupID=5199]]

            """);
        var report = LogAnalyzer.Analyze([ctisvr, finesse], new AnalyzerOptions { IcmOffset = TimeSpan.FromHours(-4) });
        var html = AnalysisHtml.Write(report);
        Assert.Contains("2024-03-14 23:59:55.029 webservices", html, StringComparison.Ordinal);
        Assert.Contains("2024-03-14 23:59:55.000 ctisvr", html, StringComparison.Ordinal);
        Assert.Contains("<td>2024-03-15 00:00:20.000</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th>Offered (-04:00)</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("03:59:55.029 webservices", html, StringComparison.Ordinal);
    }
}
