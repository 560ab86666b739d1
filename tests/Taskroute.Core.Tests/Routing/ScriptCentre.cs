using Taskroute.Core.Configuration;

namespace Taskroute.Core.Tests.Routing;

/// <summary>
/// A small centre for script tests: MRD 1 (one task per agent), skill groups 10 and 11, and agents
/// 1000 (Spanish, Billing 4; group 10, skill 3), 1001 (Spanish, Billing 9; groups 10 and 11, skill 9)
/// and 1002 (not Spanish, Billing 10; group 11). Precision queue 50: step 1 Spanish and Billing 8 or
/// more (30 s), step 2 Billing 8 or more, so 1002 only from step 2; precision queue 60 matches nobody.
/// </summary>
internal static class ScriptCentre
{
    public static RoutingConfiguration Config(IReadOnlyList<ScriptSelector> selectors, Action<List<AgentConfig>>? agents = null, int utcOffset = 0, int taskStartTimeoutSeconds = 30, string? timeZone = null, IReadOnlyList<ZoneOffset>? timeZoneOffsets = null)
    {
        var list = new List<AgentConfig>
        {
            new() { Id = 100, LoginId = 1000, SkillGroups = [10], SkillLevels = new Dictionary<int, int> { [10] = 3 }, Attributes = new Dictionary<string, string> { ["Spanish"] = "true", ["Billing"] = "4" } },
            new() { Id = 101, LoginId = 1001, SkillGroups = [10, 11], SkillLevels = new Dictionary<int, int> { [10] = 9 }, Attributes = new Dictionary<string, string> { ["Spanish"] = "true", ["Billing"] = "9" } },
            new() { Id = 102, LoginId = 1002, SkillGroups = [11], Attributes = new Dictionary<string, string> { ["Spanish"] = "false", ["Billing"] = "10" } },
        };
        agents?.Invoke(list);
        return new RoutingConfiguration
        {
            UtcOffsetMinutes = utcOffset,
            TimeZone = timeZone,
            TimeZoneOffsets = timeZoneOffsets,
            Mrds = [new MediaRoutingDomain { Id = 1, Name = "Chat", MaxTasksPerAgent = 1, TaskStartTimeoutSeconds = taskStartTimeoutSeconds }],
            SkillGroups = [new SkillGroup { Id = 10, Name = "First", MrdId = 1 }, new SkillGroup { Id = 11, Name = "Overflow", MrdId = 1 }],
            Attributes = [new AttributeDefinition { Name = "Spanish" }, new AttributeDefinition { Name = "Billing", Type = AttributeType.Proficiency }],
            PrecisionQueues =
            [
                new PrecisionQueue
                {
                    Id = 50, Name = "SpanishBilling", MrdId = 1,
                    Steps =
                    [
                        new PrecisionQueueStep
                        {
                            WaitSeconds = 30,
                            Expressions = [new AttributeExpression { Terms = [new AttributeTerm { Attribute = "Spanish", Value = "true" }, new AttributeTerm { Attribute = "Billing", Operator = CompareOperator.GreaterOrEqual, Value = "8" }] }],
                        },
                        new PrecisionQueueStep
                        {
                            Expressions = [new AttributeExpression { Terms = [new AttributeTerm { Attribute = "Billing", Operator = CompareOperator.GreaterOrEqual, Value = "8" }] }],
                        },
                    ],
                },
                new PrecisionQueue
                {
                    Id = 60, Name = "Nobody", MrdId = 1,
                    Steps = [new PrecisionQueueStep { Expressions = [new AttributeExpression { Terms = [new AttributeTerm { Attribute = "Spanish", Value = "true" }, new AttributeTerm { Attribute = "Billing", Operator = CompareOperator.GreaterOrEqual, Value = "10" }] }] }],
                },
            ],
            Agents = list,
            ScriptSelectors = selectors,
            TaskFeeds = [new TaskFeed { Id = 1, Name = "feed" }],
        };
    }
}
