using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Scripts;
using Taskroute.Logs;

namespace Taskroute.Benchmarks;

/// <summary>
/// A contact centre for benchmarks: one MRD, ten skill groups, every agent in two of them, one
/// script selector per skill group; all agents signed in, ready and busy, and a backlog queued.
/// </summary>
public sealed class BenchmarkCentre
{
    public const int SkillGroups = 10;
    private static readonly long Epoch = new DateTimeOffset(2024, 1, 30, 13, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly string[] _selectors = Enumerable.Range(0, SkillGroups).Select(i => $"Queue{i}").ToArray();
    private readonly int _agents;
    private int _nextContact;
    private int _nextAgent;

    public BenchmarkCentre(int agents, int queued)
    {
        _agents = agents;
        var config = new RoutingConfiguration
        {
            RouterCallKeyStart = 1,
            Mrds = [new MediaRoutingDomain { Id = 1, Name = "Chat", MaxTasksPerAgent = 1, TaskStartTimeoutSeconds = 3600, TaskLifeSeconds = 86_400 }],
            SkillGroups = Enumerable.Range(0, SkillGroups).Select(i => new SkillGroup { Id = 100 + i, Name = $"G{i}", MrdId = 1 }).ToArray(),
            Agents = Enumerable.Range(0, agents).Select(i => new AgentConfig
            {
                Id = 10_000 + i, LoginId = 1_000_000 + i, SkillGroups = [100 + i % SkillGroups, 100 + (i + 1) % SkillGroups],
            }).ToArray(),
            ScriptSelectors = Enumerable.Range(0, SkillGroups).Select(i => new ScriptSelector
            {
                Name = _selectors[i], MrdId = 1, Script = [new QueueNode { SkillGroups = [100 + i], Priority = 1 + i % 3 }],
            }).ToArray(),
            TaskFeeds = [new TaskFeed { Id = 1, Name = "feed" }],
        };
        Engine = new RoutingEngine(config, new EngineOptions { ContactRetentionSeconds = 1 });
        Now = Epoch;
        for (var i = 0; i < agents; i++)
        {
            Engine.SignIn(Now, 10_000 + i, 1);
            Engine.SetReady(Now, 10_000 + i, 1);
        }
        // Fill every agent, then build the backlog.
        for (var i = 0; i < agents + queued; i++) Submit();
    }

    public RoutingEngine Engine { get; }
    public long Now { get; private set; }

    /// <summary>When set, every command's events are written to the component logs, as the server would.</summary>
    public ComponentLogWriter? Logs { get; set; }

    /// <summary>When set, gets every command's events as one journal record would hold them.</summary>
    public Action<FlowEvent[]>? Records { get; set; }

    /// <summary>Moves the centre's clock on.</summary>
    public void Advance(long milliseconds) => Now += milliseconds;

    public void Submit()
    {
        var n = ++_nextContact;
        Engine.SubmitTask(Now, new TaskData
        {
            ContactId = new Guid(n, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
            FeedId = 1,
            Name = "Customer",
            Title = "Chat",
            ScriptSelector = _selectors[n % SkillGroups],
        });
        Emit();
    }

    private void Emit()
    {
        Logs?.Write(Engine.Events);
        if (Records is not null && Engine.Events.Length > 0) Records([.. Engine.Events]);
    }

    /// <summary>
    /// One whole task life: a new task arrives (and queues behind the backlog), and an agent offers,
    /// starts and ends the task it holds, which frees it to take the head of its queues.
    /// </summary>
    public void Lifecycle()
    {
        Now++;
        Submit();
        var agent = 10_000 + _nextAgent;
        _nextAgent = (_nextAgent + 1) % _agents;
        var dialogs = Engine.Dialogs(agent);
        if (dialogs.Count == 0) return;
        var dialog = dialogs[0].TaskId;
        Engine.Act(Now, agent, dialog, DialogAction.Accept);
        Emit();
        Engine.Act(Now, agent, dialog, DialogAction.Start);
        Emit();
        Engine.Act(Now, agent, dialog, DialogAction.Close);
        Emit();
    }
}
