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
            "scriptSelectors[0].script[0].skillGroups[0]", "scriptSelectors[0].script[0].priority", "scriptSelectors[0].script[1].seconds",
            "scriptSelectors[1].script[0].branches", "scriptSelectors[2].script[0].condition.number", "scriptSelectors[3].script",
            "taskFeeds[0].defaultScriptSelector",
        ];
        Assert.Empty(expected.Except(paths));
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
        Assert.Equal("scriptSelectors[0].script[0].skillGroups[0]", error.Path);
        Assert.Contains("MRD 5012", error.Message);
    }

    [Fact]
    public void The_engine_refuses_an_invalid_configuration_with_every_error()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => new RoutingEngine(new RoutingConfiguration()));
        Assert.Contains(ex.Errors, e => e.Path == "mrds");
    }
}
