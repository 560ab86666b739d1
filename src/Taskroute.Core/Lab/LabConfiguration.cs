using Taskroute.Core.Configuration;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Lab;

/// <summary>
/// The built-in lab: the seed TechNote's system (Agent PG 5000, MR PG 5001, MRD 5011 with three
/// tasks per agent, skill group 5199, agent 5172 / login 1080, script selector CumulusTask, task
/// feed 100000) plus nine more agents, chat and email MRDs, more skill groups and a precision queue,
/// so there is something to watch.
/// </summary>
public static class LabConfiguration
{
    public const int TaskMrd = 5011;
    public const int ChatMrd = 5012;
    public const int EmailMrd = 5013;
    public const int TaskSkillGroup = 5199;
    public const int ChatSalesSkillGroup = 5201;
    public const int ChatSupportSkillGroup = 5202;
    public const int EmailBillingSkillGroup = 5203;
    public const int SpanishChatQueue = 5300;
    public const int SeedAgentId = 5172;
    public const int SeedLoginId = 1080;
    public const int TaskFeed = 100000;
    public const int ChatFeed = 100001;
    public const int EmailFeed = 100002;
    public const string TaskSelector = "CumulusTask";
    public const string ChatSelector = "CumulusChat";
    public const string EmailSelector = "CumulusEmail";
    public const string SupportSelector = "CumulusSupport";

    /// <summary>RouterCallKey of the seed's task, so the lab's first task on 30 January 2024 is 154526:37051928:1.</summary>
    public const int SeedRouterCallKey = 37051928;

    public static RoutingConfiguration Create()
    {
        var agents = new List<AgentConfig>();
        for (var i = 0; i < 10; i++)
        {
            var groups = new List<int> { TaskSkillGroup };
            if (i % 2 == 0) groups.Add(ChatSalesSkillGroup);
            if (i % 2 == 1 || i == 0) groups.Add(ChatSupportSkillGroup);
            if (i % 3 == 0) groups.Add(EmailBillingSkillGroup);
            agents.Add(new AgentConfig
            {
                Id = SeedAgentId + i,
                LoginId = SeedLoginId + i,
                Name = $"Agent {SeedLoginId + i}",
                SkillGroups = groups,
                SkillLevels = groups.ToDictionary(g => g, g => 1 + (i + g) % 10),
                Attributes = new Dictionary<string, string>
                {
                    ["English"] = "true",
                    ["Spanish"] = i % 3 == 1 ? "true" : "false",
                    ["Billing"] = (1 + i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            });
        }

        return new RoutingConfiguration
        {
            AgentPeripheralId = 5000,
            MediaRoutingPeripheralId = 5001,
            RoutingClientId = 5004,
            RouterCallKeyStart = SeedRouterCallKey,
            Mrds =
            [
                new MediaRoutingDomain { Id = TaskMrd, Name = "Cumulus_Task", MaxTasksPerAgent = 3, Interruptible = true },
                new MediaRoutingDomain { Id = ChatMrd, Name = "Cumulus_Chat", MaxTasksPerAgent = 5, Interruptible = true, TaskLifeSeconds = 300, MaxTimeInQueueSeconds = 600 },
                new MediaRoutingDomain { Id = EmailMrd, Name = "Cumulus_Email", MaxTasksPerAgent = 2, Interruptible = false, TaskStartTimeoutSeconds = 120, TaskLifeSeconds = 86_400, ServiceLevelThresholdSeconds = 3600 },
            ],
            SkillGroups =
            [
                new SkillGroup { Id = TaskSkillGroup, Name = "Cumulus_Task_SG", MrdId = TaskMrd },
                new SkillGroup { Id = ChatSalesSkillGroup, Name = "Chat_Sales", MrdId = ChatMrd },
                new SkillGroup { Id = ChatSupportSkillGroup, Name = "Chat_Support", MrdId = ChatMrd },
                new SkillGroup { Id = EmailBillingSkillGroup, Name = "Email_Billing", MrdId = EmailMrd },
            ],
            Attributes =
            [
                new AttributeDefinition { Name = "English", Type = AttributeType.Boolean },
                new AttributeDefinition { Name = "Spanish", Type = AttributeType.Boolean },
                new AttributeDefinition { Name = "Billing", Type = AttributeType.Proficiency },
            ],
            PrecisionQueues =
            [
                new PrecisionQueue
                {
                    Id = SpanishChatQueue, Name = "Spanish_Chat", MrdId = ChatMrd,
                    Steps =
                    [
                        new PrecisionQueueStep
                        {
                            WaitSeconds = 30,
                            Expressions = [new AttributeExpression { Terms = [Term("Spanish", "true"), Term("Billing", "7", CompareOperator.GreaterOrEqual)] }],
                        },
                        new PrecisionQueueStep { Expressions = [new AttributeExpression { Terms = [Term("Spanish", "true")] }] },
                    ],
                },
            ],
            Agents = agents,
            ScriptSelectors =
            [
                new ScriptSelector { Name = TaskSelector, MrdId = TaskMrd, Script = [new QueueNode { SkillGroups = [TaskSkillGroup] }] },
                new ScriptSelector
                {
                    Name = ChatSelector, MrdId = ChatMrd,
                    Script =
                    [
                        new IfNode
                        {
                            Condition = new Comparison { Operand = ConditionOperand.CallVariable, Number = 1, Value = "es" },
                            Then = [new QueueNode { PrecisionQueue = SpanishChatQueue, Priority = 3 }],
                            Else =
                            [
                                new QueueNode { SkillGroups = [ChatSalesSkillGroup], Priority = 5, RaisePriorityEverySeconds = 60 },
                                new WaitNode { Seconds = 60 },
                                new QueueNode { SkillGroups = [ChatSupportSkillGroup], Priority = 5 },
                            ],
                        },
                    ],
                },
                new ScriptSelector
                {
                    Name = EmailSelector, MrdId = EmailMrd,
                    Script = [new QueueNode { SkillGroups = [EmailBillingSkillGroup], Selection = AgentSelection.MostSkilled, Priority = 7 }],
                },
                new ScriptSelector
                {
                    Name = SupportSelector, MrdId = ChatMrd,
                    Script =
                    [
                        new PercentNode
                        {
                            Branches =
                            [
                                new PercentBranch { Percent = 70, Nodes = [new QueueNode { SkillGroups = [ChatSupportSkillGroup], Selection = AgentSelection.RoundRobin }] },
                                new PercentBranch { Percent = 30, Nodes = [new QueueNode { SkillGroups = [ChatSalesSkillGroup] }] },
                            ],
                        },
                    ],
                },
            ],
            TaskFeeds =
            [
                new TaskFeed { Id = TaskFeed, Name = "Cumulus task feed", DefaultScriptSelector = TaskSelector },
                new TaskFeed { Id = ChatFeed, Name = "Cumulus chat feed", DefaultScriptSelector = ChatSelector },
                new TaskFeed { Id = EmailFeed, Name = "Cumulus email feed", DefaultScriptSelector = EmailSelector },
            ],
        };
    }

    private static AttributeTerm Term(string attribute, string value, CompareOperator op = CompareOperator.Equal) =>
        new() { Attribute = attribute, Value = value, Operator = op };
}
