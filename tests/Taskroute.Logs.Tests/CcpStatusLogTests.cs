using Taskroute.Core.Flow;

namespace Taskroute.Logs.Tests;

/// <summary>CCP's status lines for a contact: in the words a poll of the contact answers.</summary>
public sealed class CcpStatusLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_task_back_in_the_queue_after_a_ring_out_is_published_without_the_agent_it_rang_at()
    {
        var contact = Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a");
        var at = SeedFlow.At(8, 56, 28, 923);
        using (var writer = new ComponentLogWriter(_dir.Settings()))
        {
            // CCP still remembers the agent the task was reserved for; the queued status names none.
            writer.Write([
                new FlowEvent { Time = at, Message = MessageType.SOCIAL_CONTACT_UPDATED, From = Module.Ccp, To = Module.Application, Task = 1, ContactId = contact, AgentId = 5172, ContactStatus = ContactStatus.Reserved },
                new FlowEvent { Time = at + 30_000, Message = MessageType.SOCIAL_CONTACT_UPDATED, From = Module.Ccp, To = Module.Application, Task = 1, ContactId = contact, AgentId = 5172, ContactStatus = ContactStatus.Queued, Text = "RONA" },
            ]);
        }
        var published = _dir.Read(ComponentLog.CcpApi).Split('\n').Where(l => l.Contains("SOCIAL_CONTACT_PUBLISH_EVENT", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, published.Count);
        Assert.Contains("[Status=reserved]", published[0], StringComparison.Ordinal);
        Assert.Contains("[ICMAgentID=5172]", published[0], StringComparison.Ordinal);
        Assert.Contains("[Status=queued]", published[1], StringComparison.Ordinal);
        Assert.DoesNotContain("ICMAgentID", published[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_contact_is_logged_as_discarded_as_a_poll_of_it_answers()
    {
        var contact = Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a");
        var at = SeedFlow.At(8, 56, 28, 923);
        using (var writer = new ComponentLogWriter(_dir.Settings()))
        {
            writer.Write([
                new FlowEvent { Time = at, Message = MessageType.SOCIAL_CONTACT_UPDATED, From = Module.Ccp, To = Module.Application, Task = 1, ContactId = contact, ContactStatus = ContactStatus.Cancelled, Text = "cancelled", Disposition = Disposition.AbandonedInRouter },
            ]);
        }
        var log = _dir.Read(ComponentLog.CcpApi);
        Assert.Contains("[Status=discarded]", log, StringComparison.Ordinal);
        Assert.DoesNotContain("cancelled]", log, StringComparison.Ordinal);
    }
}
