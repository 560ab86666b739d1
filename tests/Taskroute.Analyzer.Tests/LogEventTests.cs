using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Analyzer.Tests;

/// <summary>An event keeps its fields packed (see LogEvent): each reads back what was set, whatever the order.</summary>
public sealed class LogEventTests
{
    private static LogEvent Kept() => new(LogComponent.Rtr, 7, "NEW_CALL", new RawLines(new FileRawStore("/dev/null") { Name = "rtr.log" }, 0, 10, 7, 10));

    private static LogEvent AsText() => new(LogComponent.Rtr, "rtr.log", 7, "NEW_CALL", "the line");

    [Fact]
    public void A_task_id_keeps_its_day_and_key_when_the_router_call_key_changes_under_it()
    {
        foreach (var e in new[] { Kept(), AsText() })
        {
            e.RouterCallKeyDay = 154600;
            e.RouterCallKey = 100;
            e.TaskId = new IcmTaskId(154600, 100, 2);
            Assert.Equal(new IcmTaskId(154600, 100, 2), e.TaskId);

            e.RouterCallKey = e.RouterCallKeyDay = 0;
            Assert.Equal(new IcmTaskId(154600, 100, 2), e.TaskId);
            Assert.Equal((0, 0), (e.RouterCallKeyDay, e.RouterCallKey));

            e.TaskId = IcmTaskId.None;
            Assert.True(e.TaskId.IsNone);

            e.TaskId = new IcmTaskId(5, 6, 7);
            e.RouterCallKeyDay = 5;
            e.RouterCallKey = 6;
            Assert.Equal(new IcmTaskId(5, 6, 7), e.TaskId);
            e.RouterCallKey = 9;
            Assert.Equal(new IcmTaskId(5, 6, 7), e.TaskId);
            Assert.Equal("5:6:7", e.TaskKey);
        }
    }

    [Fact]
    public void Packed_fields_read_back_what_was_set()
    {
        var contact = Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a");
        foreach (var e in new[] { Kept(), AsText() })
        {
            Assert.Equal(Guid.Empty, e.ContactId);
            e.ContactId = contact;
            e.From = Module.Clock;
            e.To = Module.AgentPeripheral;
            e.AgentState = AgentState.WORK;
            e.AgentStateInferred = true;
            e.Offset = TimeSpan.FromMinutes(-330);
            e.Weak = WeakIds.Sequence | WeakIds.Agent;
            Assert.Equal((contact, Module.Clock, Module.AgentPeripheral, AgentState.WORK, true, TimeSpan.FromMinutes(-330), WeakIds.Sequence | WeakIds.Agent),
                (e.ContactId, e.From, e.To, e.AgentState, e.AgentStateInferred, e.Offset, e.Weak));
            Assert.Equal(("rtr.log", 7L), (e.Source, e.Line));
            e.ContactId = Guid.Empty;
            e.AgentState = null;
            Assert.Equal((Guid.Empty, (AgentState?)null, Module.Clock), (e.ContactId, e.AgentState, e.From));
        }
    }
}
