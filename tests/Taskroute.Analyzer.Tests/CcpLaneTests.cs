using Taskroute.Core.Flow;

namespace Taskroute.Analyzer.Tests;

/// <summary>Where CCP's own lines are drawn: within CCP, not on the desktop's CTI lane.</summary>
public sealed class CcpLaneTests
{
    [Fact]
    public void Ccp_s_eventing_ds_notification_is_drawn_within_ccp()
    {
        using var dir = new TempFolder();
        dir.Write("ccpapi.log", """
            0000009022: 10.10.20.31: Mar 15 2024 03:57:00.117 +0000: %CCBU_____EVENTING-6-DS_NOTIFICATION_EVENT: %[SocialContactID=c5e6f7a8-9b0c-4d1e-8f2a-3b4c5d6e7f80]: DS notification event status=queued
            0000009023: 10.10.20.31: Mar 15 2024 03:57:00.118 +0000: %CCBU_____EVENTING-6-SOCIAL_CONTACT_PUBLISH_EVENT: %[SocialContactID=c5e6f7a8-9b0c-4d1e-8f2a-3b4c5d6e7f80][status=queued][statusReason=EXTERNALLY_ROUTED]: Published SocialContact update

            """);
        var task = Assert.Single(LogAnalyzer.Analyze([dir.Path]).Tasks);
        var notification = Assert.Single(task.Timeline, e => e.Message == "DS_NOTIFICATION_EVENT");
        Assert.Equal((Module.Ccp, Module.Ccp), (notification.From, notification.To));
        var published = Assert.Single(task.Timeline, e => e.Message == "SOCIAL_CONTACT_UPDATED");
        Assert.Equal((Module.Ccp, Module.Application), (published.From, published.To));
    }
}
