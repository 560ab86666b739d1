using CsCheck;
using Taskroute.Core.Commands;
using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Tests.Properties;

/// <summary>
/// Random workloads for property tests: abstract steps that are resolved against the engine's state
/// as they run (e.g. "agent 2 acts on its first dialog"), so shrinking keeps them meaningful.
/// </summary>
internal static class RandomWorkload
{
    public enum Kind
    {
        Submit, Cancel, SignIn, SignOut, Ready, NotReady, Routable, NotRoutable, ChangeMax,
        Accept, Start, Pause, Resume, WrapUp, Close, Transfer, Tick, ChangeConfiguration,
    }

    public readonly record struct Step(Kind Kind, int A, int B, int C, int Seconds)
    {
        public static Step From(Random random)
        {
            var kind = (Kind)random.Next(Enum.GetValues<Kind>().Length);
            return new Step(kind, random.Next(10), random.Next(10), random.Next(10), kind == Kind.Tick ? random.Next(41) * 5 : random.Next(3));
        }
    }

    public static readonly Gen<Step> StepGen =
        Gen.Select(Gen.Enum<Kind>(), Gen.Int[0, 9], Gen.Int[0, 9], Gen.Int[0, 9], Gen.Int[0, 40])
            .Select((k, a, b, c, s) => new Step(k, a, b, c, k == Kind.Tick ? s * 5 : s % 3));

    public static readonly Gen<Step[]> WorkloadGen = StepGen.Array[1, 120];

    public static readonly string[] Selectors = ["Chat", "Email", "Spanish", "Overflow", "Nowhere"];

    /// <summary>
    /// The configurations a workload changes between (<see cref="Kind.ChangeConfiguration"/>): the
    /// centre as it starts, limits and timeouts changed, memberships and a script's values changed,
    /// and things added with the Chat script reshaped. Every change is made by id, in any order.
    /// </summary>
    public static readonly RoutingConfiguration[] Variants = [Variant(0), Variant(1), Variant(2), Variant(3), Variant(4)];

    private static readonly Dictionary<string, RoutingConfiguration> ByHash =
        Variants.ToDictionary(c => new RoutingEngine(c).ConfigurationHash(), StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Hashes = [.. Variants.Select(c => new RoutingEngine(c).ConfigurationHash())];

    /// <summary>Engine options that know every variant by its hash.</summary>
    public static EngineOptions Options { get; } = new() { Configurations = hash => ByHash.GetValueOrDefault(hash) };

    /// <summary>An engine on <see cref="Config"/> that can change to any variant.</summary>
    public static RoutingEngine Engine() => new(Config(), Options);

    /// <summary>Two MRDs (one non-interruptible), skill groups, a precision queue, four agents.</summary>
    public static RoutingConfiguration Config() => Variant(0);

    private static RoutingConfiguration Variant(int variant) => new()
    {
        Mrds =
        [
            new MediaRoutingDomain { Id = 1, Name = "Chat", MaxTasksPerAgent = variant == 1 ? 1 : 3, TaskStartTimeoutSeconds = variant == 1 ? 10 : 20, TaskLifeSeconds = 400, MaxTaskDurationSeconds = 900, MaxTimeInQueueSeconds = 300, MaxTasksInQueue = 8 },
            new MediaRoutingDomain { Id = 2, Name = "Email", MaxTasksPerAgent = variant == 1 ? 3 : 2, Interruptible = false, TaskStartTimeoutSeconds = 30, TaskLifeSeconds = 600 },
        ],
        SkillGroups =
        [
            new SkillGroup { Id = 10, Name = "ChatA", MrdId = 1 },
            new SkillGroup { Id = 11, Name = "ChatB", MrdId = 1 },
            new SkillGroup { Id = 20, Name = "Mail", MrdId = 2 },
            .. variant == 3 ? new[] { new SkillGroup { Id = 12, Name = "ChatC", MrdId = 1 } } : [],
        ],
        Attributes = [new AttributeDefinition { Name = "Spanish" }],
        PrecisionQueues =
        [
            new PrecisionQueue
            {
                Id = 30, Name = "Spanish", MrdId = 1,
                Steps =
                [
                    new PrecisionQueueStep { WaitSeconds = 15, Expressions = [new AttributeExpression { Terms = [new AttributeTerm { Attribute = "Spanish", Value = "true" }] }] },
                    .. variant == 3 ? new[] { new PrecisionQueueStep { WaitSeconds = 5, Expressions = [new AttributeExpression { Terms = [new AttributeTerm { Attribute = "Spanish", Value = "true" }] }] } } : [],
                    new PrecisionQueueStep { Expressions = [new AttributeExpression { Terms = [new AttributeTerm { Attribute = "Spanish", Value = "false" }] }] },
                ],
            },
        ],
        Agents =
        [
            new AgentConfig { Id = 100, LoginId = 1000, SkillGroups = variant == 2 ? [20] : [10, 20], Attributes = new Dictionary<string, string> { ["Spanish"] = "true" } },
            new AgentConfig { Id = 101, LoginId = 1001, SkillGroups = [10, 11], Attributes = variant == 2 ? new Dictionary<string, string> { ["Spanish"] = "true" } : [] },
            .. variant == 4 ? Array.Empty<AgentConfig>() : [new AgentConfig { Id = 102, LoginId = 1002, SkillGroups = [11, 20], Attributes = new Dictionary<string, string> { ["Spanish"] = "false" } }],
            new AgentConfig { Id = 103, LoginId = 1003, SkillGroups = variant is 2 or 3 ? [20, 10, 11] : [20] },
            .. variant == 3 ? new[] { new AgentConfig { Id = 104, LoginId = 1004, SkillGroups = [12] } } : [],
        ],
        ScriptSelectors =
        [
            variant == 3
                ? new ScriptSelector { Name = "Chat", MrdId = 1, Script = [new QueueNode { SkillGroups = [10, 12] }] }
                : new ScriptSelector { Name = "Chat", MrdId = 1, Script = [new QueueNode { SkillGroups = [10], RaisePriorityEverySeconds = 20 }, new WaitNode { Seconds = variant == 2 ? 10 : 25 }, new QueueNode { SkillGroups = [11], Priority = 3 }] },
            new ScriptSelector { Name = "Email", MrdId = 2, Script = [new QueueNode { SkillGroups = [20], Selection = AgentSelection.MostSkilled }] },
            new ScriptSelector { Name = "Spanish", MrdId = 1, Script = [new QueueNode { PrecisionQueue = 30, Priority = 2 }] },
            .. variant == 4 ? Array.Empty<ScriptSelector>() : [new ScriptSelector
            {
                Name = "Overflow", MrdId = 1,
                Script = [new PercentNode { Branches = [new PercentBranch { Percent = 50, Nodes = [new QueueNode { SkillGroups = [11], Selection = AgentSelection.RoundRobin }] }, new PercentBranch { Percent = 50, Nodes = [new RejectNode()] }] }],
            }],
        ],
        TaskFeeds = [new TaskFeed { Id = 1, Name = "feed" }],
    };

    /// <summary>Turns an abstract step into a command against the engine as it stands; null when the step has nothing to act on.</summary>
    public static Command? Resolve(RoutingEngine engine, Step step, long now, List<Guid> contacts)
    {
        var agent = 1000 + step.A % 4;
        var mrd = 1 + step.B % 2;
        switch (step.Kind)
        {
            case Kind.Submit:
                var id = new Guid(contacts.Count + 1, 7, 7, [1, 2, 3, 4, 5, 6, 7, 8]);
                contacts.Add(id);
                return new SubmitTask(now, new TaskData
                {
                    ContactId = id, FeedId = 1, Name = "n", Title = "t", ScriptSelector = Selectors[step.A % Selectors.Length],
                    Priority = step.B % 4 == 0 ? 1 + step.C : 0, PreferredAgentId = step.C == 9 ? 1000 + step.B % 4 : 0,
                });
            case Kind.Cancel:
                return contacts.Count == 0 ? null : new CancelTask(now, contacts[(step.A * 10 + step.B) % contacts.Count]);
            case Kind.SignIn:
                return new SignIn(now, agent, mrd, step.C % 4, step.C % 2 == 0 ? InterruptAction.Accept : InterruptAction.Ignore,
                    step.C % 3 == 0 ? DialogLogoutAction.Transfer : DialogLogoutAction.Close, ResetIfSignedIn: step.B % 2 == 0);
            case Kind.SignOut:
                return new SignOut(now, agent, mrd, step.C);
            case Kind.Ready:
                return new SetReady(now, agent, mrd);
            case Kind.NotReady:
                return new SetReady(now, agent, mrd, false, step.C);
            case Kind.Routable:
            case Kind.NotRoutable:
                return new SetRoutable(now, agent, mrd, step.Kind == Kind.Routable);
            case Kind.ChangeMax:
                return new ChangeMaxTaskLimit(now, agent, mrd, 1 + step.C % 3);
            case Kind.Tick:
                return new Tick(now);
            case Kind.ChangeConfiguration:
                return new ChangeConfiguration(now, Hashes[step.A % Hashes.Length]);
            default:
                var dialogs = engine.Dialogs(agent);
                if (dialogs.Count == 0) return null;
                var dialog = dialogs[step.B % dialogs.Count].TaskId;
                var action = step.Kind switch
                {
                    Kind.Accept => DialogAction.Accept,
                    Kind.Start => DialogAction.Start,
                    Kind.Pause => DialogAction.Pause,
                    Kind.Resume => DialogAction.Resume,
                    Kind.WrapUp => DialogAction.WrapUp,
                    Kind.Close => DialogAction.Close,
                    _ => DialogAction.Transfer,
                };
                return new ActOnDialog(now, agent, dialog, action, ScriptSelector: Selectors[step.C % Selectors.Length]);
        }
    }
}
