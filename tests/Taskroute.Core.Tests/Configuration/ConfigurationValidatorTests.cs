using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Lab;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Tests.Configuration;

public class ConfigurationValidatorTests
{
    [Fact]
    public void The_built_in_lab_is_valid() => Assert.Empty(ConfigurationValidator.Validate(LabConfiguration.Create()));

    [Fact]
    public void Each_problem_is_named_by_its_path()
    {
        var config = new RoutingConfiguration
        {
            Mrds = [new MediaRoutingDomain { Id = 1, Name = "M", MaxTasksPerAgent = 11 }, new MediaRoutingDomain { Id = 1, Name = "" }],
            SkillGroups = [new SkillGroup { Id = 10, Name = "G", MrdId = 9 }],
            Attributes = [new AttributeDefinition { Name = "Lang", Type = AttributeType.Proficiency }],
            PrecisionQueues =
            [
                new PrecisionQueue
                {
                    Id = 5, Name = "P", MrdId = 1,
                    Steps = [new PrecisionQueueStep { Expressions = [new AttributeExpression { Terms = [new AttributeTerm { Attribute = "Lang", Value = "11" }, new AttributeTerm { Attribute = "Nope", Value = "true" }] }] }],
                },
            ],
            Agents =
            [
                new AgentConfig { Id = 1, LoginId = 1000, SkillGroups = [77], Attributes = new Dictionary<string, string> { ["Lang"] = "high" } },
                new AgentConfig { Id = 2, LoginId = 1000 },
            ],
            ScriptSelectors =
            [
                new ScriptSelector { Name = "S", MrdId = 1, Script = [new QueueNode { SkillGroups = [10], Priority = 0 }, new WaitNode { Seconds = 0 }] },
                new ScriptSelector { Name = "T", MrdId = 1, Script = [new PercentNode { Branches = [new PercentBranch { Percent = 60 }, new PercentBranch { Percent = 30 }] }] },
                new ScriptSelector { Name = "U", MrdId = 1, Script = [new IfNode { Condition = new Comparison { Operand = ConditionOperand.CallVariable, Number = 11 } }] },
                new ScriptSelector { Name = "V", MrdId = 1, Script = [] },
            ],
            TaskFeeds = [new TaskFeed { Id = 1, Name = "F", DefaultScriptSelector = "Missing" }],
        };

        var paths = ConfigurationValidator.Validate(config).Select(e => e.Path).ToList();
        string[] expected =
        [
            "mrds[0].maxTasksPerAgent", "mrds[1].id", "mrds[1].name", "skillGroups[0].mrdId",
            "precisionQueues[0].steps[0].expressions[0].terms[0].value", "precisionQueues[0].steps[0].expressions[0].terms[1].attribute",
            "agents[0].skillGroups[0]", "agents[0].attributes.Lang", "agents[1].loginId",
            "scriptSelectors[0].script[0].queue.skillGroups[0]", "scriptSelectors[0].script[0].queue.priority", "scriptSelectors[0].script[1].wait",
            "scriptSelectors[1].script[0].percent", "scriptSelectors[2].script[0].if.condition.number", "scriptSelectors[3].script",
            "taskFeeds[0].defaultScriptSelector",
        ];
        Assert.Empty(expected.Except(paths));
    }

    [Fact]
    public void An_entry_in_error_is_named_by_its_ids_beside_its_index()
    {
        var lab = LabConfiguration.Create();
        var config = new RoutingConfiguration
        {
            Mrds = lab.Mrds, SkillGroups = lab.SkillGroups, Attributes = lab.Attributes, PrecisionQueues = lab.PrecisionQueues,
            Agents = [.. lab.Agents, new AgentConfig { Id = 7001, LoginId = 2001, SkillGroups = [424242] }],
            ScriptSelectors = lab.ScriptSelectors, TaskFeeds = lab.TaskFeeds,
        };

        var error = Assert.Single(ConfigurationValidator.Validate(config));
        Assert.Equal($"agents[{lab.Agents.Count}].skillGroups[0]", error.Path);
        Assert.Equal("agent 7001, login id 2001", error.Entity);
        Assert.Equal($"agents[{lab.Agents.Count}].skillGroups[0] (agent 7001, login id 2001): no skill group 424242", error.ToString());
    }

    [Fact]
    public void A_script_may_not_queue_to_a_skill_group_of_another_mrd()
    {
        var lab = LabConfiguration.Create();
        var bad = new RoutingConfiguration
        {
            Mrds = lab.Mrds, SkillGroups = lab.SkillGroups, Agents = lab.Agents, Attributes = lab.Attributes, PrecisionQueues = lab.PrecisionQueues,
            TaskFeeds = [], ScriptSelectors = [new ScriptSelector { Name = "X", MrdId = LabConfiguration.TaskMrd, Script = [new QueueNode { SkillGroups = [LabConfiguration.ChatSalesSkillGroup] }] }],
        };
        var error = Assert.Single(ConfigurationValidator.Validate(bad));
        Assert.Equal("scriptSelectors[0].script[0].queue.skillGroups[0]", error.Path);
        Assert.Contains("MRD 5012", error.Message);
    }

    private static PrecisionQueueStep Step(int waitSeconds = 0, Condition? considerIf = null) => new()
    {
        WaitSeconds = waitSeconds, ConsiderIf = considerIf,
        Expressions = [new AttributeExpression { Terms = [new AttributeTerm { Attribute = "Spanish", Value = "true" }] }],
    };

    private static RoutingConfiguration WithQueues(params PrecisionQueue[] queues)
    {
        var lab = LabConfiguration.Create();
        return new RoutingConfiguration
        {
            Mrds = lab.Mrds, SkillGroups = lab.SkillGroups, Agents = lab.Agents, Attributes = lab.Attributes, PrecisionQueues = queues,
            ScriptSelectors = [new ScriptSelector { Name = "X", MrdId = LabConfiguration.ChatMrd, Script = [new QueueNode { PrecisionQueue = queues[0].Id }] }],
        };
    }

    private static readonly Comparison SomeoneSignedIn = new() { Operand = ConditionOperand.LoggedOnAgents, Operator = CompareOperator.GreaterThan, Value = "0" };

    [Fact]
    public void A_consider_if_on_a_precision_queues_last_step_is_refused_as_it_would_strand_the_task()
    {
        var errors = ConfigurationValidator.Validate(WithQueues(
            new PrecisionQueue { Id = 5301, Name = "Two", MrdId = LabConfiguration.ChatMrd, Steps = [Step(30), Step(considerIf: SomeoneSignedIn)] },
            new PrecisionQueue { Id = 5302, Name = "One", MrdId = LabConfiguration.ChatMrd, Steps = [Step(considerIf: SomeoneSignedIn)] }));

        Assert.Equal(["precisionQueues[0].steps[1].considerIf", "precisionQueues[1].steps[0].considerIf"], errors.Select(e => e.Path));
        Assert.StartsWith("not allowed on the last step, as in CCE", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("the task waits at the step before for good", errors[0].Message);
        Assert.Contains("not queued to this precision queue at all", errors[1].Message);
    }

    [Fact]
    public void A_consider_if_on_any_step_but_the_last_stays_valid()
    {
        var queue = new PrecisionQueue { Id = 5301, Name = "Three", MrdId = LabConfiguration.ChatMrd, Steps = [Step(30, SomeoneSignedIn), Step(30, SomeoneSignedIn), Step()] };
        Assert.Empty(ConfigurationValidator.Validate(WithQueues(queue)));
    }

    [Fact]
    public void A_wait_on_a_precision_queues_last_step_is_refused_as_it_would_be_ignored()
    {
        var error = Assert.Single(ConfigurationValidator.Validate(WithQueues(
            new PrecisionQueue { Id = 5301, Name = "Two", MrdId = LabConfiguration.ChatMrd, Steps = [Step(30), Step(60)] })));
        Assert.Equal("precisionQueues[0].steps[1].waitSeconds", error.Path);
        Assert.Contains("the last step has no wait", error.Message);
        Assert.Contains("would be ignored", error.Message);
    }

    [Fact]
    public void A_missing_id_or_mrd_id_is_said_to_be_required_and_not_again_as_a_wrong_mrd()
    {
        var lab = LabConfiguration.Create();
        var config = new RoutingConfiguration
        {
            Mrds = [new MediaRoutingDomain { Name = "NoId" }, .. lab.Mrds],
            SkillGroups = [new SkillGroup { Id = 10, Name = "G" }, .. lab.SkillGroups],
            Attributes = lab.Attributes,
            PrecisionQueues = [new PrecisionQueue { Id = 20, Name = "P", Steps = [Step()] }],
            Agents = [new AgentConfig { SkillGroups = [10] }],
            ScriptSelectors =
            [
                new ScriptSelector { Name = "S", MrdId = LabConfiguration.ChatMrd, Script = [new QueueNode { SkillGroups = [10] }, new QueueNode { PrecisionQueue = 20 }] },
                new ScriptSelector { Name = "T", Script = [new QueueNode { SkillGroups = [LabConfiguration.ChatSalesSkillGroup] }] },
            ],
            TaskFeeds = [new TaskFeed { Name = "F" }],
        };

        var errors = ConfigurationValidator.Validate(config).Select(e => e.ToString()).ToList();
        Assert.Equal(
        [
            "mrds[0].id: required",
            "skillGroups[0].mrdId (skill group 10): required (the skill group's MRD)",
            "precisionQueues[0].mrdId (precision queue 20): required (the precision queue's MRD)",
            "agents[0].id: required (the ICM agent id / SkillTargetID)",
            "agents[0].loginId: required (the peripheral number)",
            "scriptSelectors[1].mrdId (script selector T): required (the MRD of the tasks it routes)",
            "taskFeeds[0].id: required",
        ], errors);
    }

    [Fact]
    public void Two_mrds_skill_groups_or_precision_queues_of_one_name_are_refused()
    {
        var lab = LabConfiguration.Create();
        var config = new RoutingConfiguration
        {
            Mrds = [.. lab.Mrds, new MediaRoutingDomain { Id = 9, Name = "Cumulus_Chat" }],
            SkillGroups = [.. lab.SkillGroups, new SkillGroup { Id = 9, Name = "Chat_Sales", MrdId = LabConfiguration.ChatMrd }],
            Attributes = lab.Attributes,
            PrecisionQueues = [.. lab.PrecisionQueues, new PrecisionQueue { Id = 5301, Name = "Spanish_Chat", MrdId = LabConfiguration.ChatMrd, Steps = [Step()] }],
        };

        var errors = ConfigurationValidator.Validate(config).Select(e => e.ToString()).ToList();
        Assert.Equal(
        [
            "mrds[3].name (MRD 9): MRD name 'Cumulus_Chat' is used twice (MRD 5012 has it too)",
            "skillGroups[4].name (skill group 9): skill group name 'Chat_Sales' is used twice (skill group 5201 has it too)",
            "precisionQueues[1].name (precision queue 5301): precision queue name 'Spanish_Chat' is used twice (precision queue 5300 has it too)",
        ], errors);
    }

    [Fact]
    public void A_precision_queue_may_not_have_a_skill_groups_id()
    {
        var error = Assert.Single(ConfigurationValidator.Validate(WithQueues(
            new PrecisionQueue { Id = LabConfiguration.ChatSalesSkillGroup, Name = "P", MrdId = LabConfiguration.ChatMrd, Steps = [Step()] })));
        Assert.Equal("precisionQueues[0].id", error.Path);
        Assert.Equal("skill group 5201 has this id too: skill groups and precision queues are both skill targets, and each needs an id of its own", error.Message);
    }

    [Fact]
    public void The_engine_refuses_an_invalid_configuration_with_every_error()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => new RoutingEngine(new RoutingConfiguration()));
        Assert.Contains(ex.Errors, e => e.Path == "mrds");
    }
}
