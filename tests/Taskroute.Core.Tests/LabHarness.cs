using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
using Taskroute.Core.Lab;

namespace Taskroute.Core.Tests;

/// <summary>A lab engine with a hand-driven clock and a record of every event, for tests.</summary>
internal sealed class LabHarness
{
    // 30 January 2024 08:54:00 at -05:00, the seed's day.
    public static readonly long SeedMorning = new DateTimeOffset(2024, 1, 30, 8, 54, 0, TimeSpan.FromHours(-5)).ToUnixTimeMilliseconds();

    private int _contacts;

    public LabHarness(global::Taskroute.Core.Configuration.RoutingConfiguration? configuration = null, EngineOptions? options = null)
    {
        Engine = new RoutingEngine(configuration ?? LabConfiguration.Create(), options);
        Now = SeedMorning;
    }

    public RoutingEngine Engine { get; }
    public long Now { get; private set; }
    public List<FlowEvent> Journal { get; } = [];
    public List<FlowEvent> Last { get; } = [];

    public void Advance(TimeSpan by) => Now += (long)by.TotalMilliseconds;

    public CommandResult Run(Func<RoutingEngine, long, CommandResult> command)
    {
        var result = command(Engine, Now);
        Last.Clear();
        foreach (var e in Engine.Events) Last.Add(e);
        Journal.AddRange(Last);
        return result;
    }

    public CommandResult Ok(Func<RoutingEngine, long, CommandResult> command)
    {
        var result = Run(command);
        Assert.True(result.Succeeded, $"{result.Status}: {result.Detail}");
        Assert.Null(Engine.CheckInvariants());
        return result;
    }

    public void ReadyAgent(int agent, int mrd)
    {
        Ok((e, t) => e.SignIn(t, agent, mrd));
        Ok((e, t) => e.SetReady(t, agent, mrd));
    }

    public Guid NewContactId() => new(++_contacts, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]);

    public TaskData Task(string selector = LabConfiguration.TaskSelector, int feed = LabConfiguration.TaskFeed, Guid? contact = null,
        string[]? callVariables = null, int priority = 0, int preferredAgent = 0) => new()
    {
        ContactId = contact ?? NewContactId(),
        FeedId = feed,
        Name = "Customer",
        Title = "Help wanted",
        ScriptSelector = selector,
        CallVariables = callVariables ?? [],
        Priority = priority,
        PreferredAgentId = preferredAgent,
    };

    public (Guid Contact, int Task) Submit(TaskData? data = null)
    {
        data ??= Task();
        var result = Ok((e, t) => e.SubmitTask(t, data));
        return (data.ContactId, result.Task);
    }

    public IcmTaskId DialogOf(int agent) => Assert.Single(Engine.Dialogs(agent)).TaskId;

    public static IEnumerable<string> Hops(IEnumerable<FlowEvent> events) => events.Select(e => $"{e.From}->{e.To} {e.Message}");
}
