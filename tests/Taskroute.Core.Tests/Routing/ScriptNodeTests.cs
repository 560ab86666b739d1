using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Tests.Routing;

public class ScriptNodeTests
{
    private static RoutingConfiguration Config(IReadOnlyList<ScriptNode> script, Action<List<AgentConfig>>? agents = null, int utcOffset = 0, string? timeZone = null, IReadOnlyList<ZoneOffset>? offsets = null) =>
        ScriptCentre.Config([new ScriptSelector { Name = "S", MrdId = 1, Script = script }], agents, utcOffset, timeZone: timeZone, timeZoneOffsets: offsets);

    // Berlin's clock in 2024 as a server pins it when it reads `timeZone: Europe/Berlin`.
    private static readonly ZoneOffset[] Berlin2024 =
    [
        new() { From = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), OffsetMinutes = 60 },
        new() { From = new DateTimeOffset(2024, 3, 31, 1, 0, 0, TimeSpan.Zero), OffsetMinutes = 120 },
        new() { From = new DateTimeOffset(2024, 10, 27, 1, 0, 0, TimeSpan.Zero), OffsetMinutes = 60 },
    ];

    private static FlowEvent PreCall(LabHarness lab) => lab.Last.Single(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND);

    [Fact]
    public void Wait_then_overflow_queues_the_task_to_a_second_skill_group_after_the_wait()
    {
        var lab = new LabHarness(Config([new QueueNode { SkillGroups = [10] }, new WaitNode { Seconds = 60 }, new QueueNode { SkillGroups = [11] }]));
        lab.ReadyAgent(1002, 1); // only in the overflow group
        lab.Submit(lab.Task("S", 1));
        Assert.Empty(lab.Engine.Dialogs(1002));

        lab.Advance(TimeSpan.FromSeconds(59));
        lab.Ok((e, t) => e.Tick(t));
        Assert.Empty(lab.Engine.Dialogs(1002));

        lab.Advance(TimeSpan.FromSeconds(1));
        lab.Ok((e, t) => e.Tick(t));
        Assert.Equal(11, PreCall(lab).SkillGroupId);
        Assert.Contains(lab.Last, e => e.Message == MessageType.TIMER_EXPIRED && e.Text == "ScriptWait");
    }

    [Fact]
    public void Most_skilled_and_least_skilled_pick_by_skill_level()
    {
        var most = new LabHarness(Config([new QueueNode { SkillGroups = [10], Selection = AgentSelection.MostSkilled }]));
        most.ReadyAgent(1000, 1);
        most.ReadyAgent(1001, 1);
        most.Submit(most.Task("S", 1));
        Assert.Equal((1001, RoutingRule.MostSkilledAgent, 2), (PreCall(most).LoginId, PreCall(most).Rule, PreCall(most).Candidates));

        var least = new LabHarness(Config([new QueueNode { SkillGroups = [10], Selection = AgentSelection.LeastSkilled }]));
        least.ReadyAgent(1001, 1);
        least.ReadyAgent(1000, 1);
        least.Submit(least.Task("S", 1));
        Assert.Equal((1000, RoutingRule.LeastSkilledAgent), (PreCall(least).LoginId, PreCall(least).Rule));
    }

    [Fact]
    public void Round_robin_takes_members_in_turn()
    {
        var lab = new LabHarness(Config([new QueueNode { SkillGroups = [10], Selection = AgentSelection.RoundRobin }],
            agents => agents[0] = new AgentConfig { Id = 100, LoginId = 1000, SkillGroups = [10] }));
        foreach (var agent in new[] { 1000, 1001 })
        {
            lab.Ok((e, t) => e.SignIn(t, agent, 1));
            lab.Ok((e, t) => e.SetReady(t, agent, 1));
        }
        var picked = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            lab.Submit(lab.Task("S", 1));
            var pre = PreCall(lab);
            picked.Add(pre.LoginId);
            var dialog = lab.Engine.Dialogs(pre.LoginId).Single().TaskId;
            lab.Ok((e, t) => e.Act(t, pre.LoginId, dialog, DialogAction.Start));
            lab.Ok((e, t) => e.Act(t, pre.LoginId, dialog, DialogAction.Close));
        }
        Assert.Equal([1000, 1001, 1000, 1001], picked);
    }

    [Fact]
    public void If_node_branches_on_a_call_variable()
    {
        var script = new ScriptNode[]
        {
            new IfNode
            {
                Condition = new Comparison { Operand = ConditionOperand.CallVariable, Number = 2, Value = "gold" },
                Then = [new QueueNode { SkillGroups = [11] }],
                Else = [new QueueNode { SkillGroups = [10] }],
            },
        };
        var lab = new LabHarness(Config(script));
        lab.ReadyAgent(1001, 1);
        lab.Submit(lab.Task("S", 1, callVariables: [null!, "gold"]));
        Assert.Equal(11, PreCall(lab).SkillGroupId);
    }

    [Fact]
    public void If_node_branches_on_an_ecc_variable_and_on_the_time_of_day()
    {
        var script = new ScriptNode[]
        {
            new IfNode
            {
                Condition = new AllOf
                {
                    Conditions =
                    [
                        new Comparison { Operand = ConditionOperand.EccVariable, Name = "tier", Value = "vip" },
                        new Comparison { Operand = ConditionOperand.TimeOfDay, Operator = CompareOperator.GreaterOrEqual, Value = "08:00" },
                    ],
                },
                Then = [new QueueNode { SkillGroups = [11] }],
                Else = [new RejectNode { Reason = "closed" }],
            },
        };
        // LabHarness starts at 08:54 at -05:00; the script's clock is set to -05:00 too.
        var lab = new LabHarness(Config(script, utcOffset: -300));
        lab.ReadyAgent(1002, 1);
        var vip = lab.Task("S", 1) is var t ? new TaskData
        {
            ContactId = t.ContactId, FeedId = 1, Name = t.Name, Title = t.Title, ScriptSelector = "S",
            EccVariables = [new KeyValuePair<string, string>("tier", "vip")],
        } : null!;
        lab.Submit(vip);
        Assert.Equal(11, PreCall(lab).SkillGroupId);

        var (plain, _) = lab.Submit(lab.Task("S", 1));
        Assert.Equal((ContactStatus.Discarded, Disposition.IcmRoutingComplete, "closed"),
            (lab.Engine.FindContact(plain)!.Status, lab.Engine.FindContact(plain)!.Disposition, lab.Engine.FindContact(plain)!.StatusReason));
    }

    [Fact]
    public void A_time_zone_gives_time_of_day_conditions_its_summer_time_where_a_fixed_offset_does_not()
    {
        var script = new ScriptNode[]
        {
            new IfNode
            {
                Condition = new Comparison { Operand = ConditionOperand.TimeOfDay, Operator = CompareOperator.GreaterOrEqual, Value = "15:30" },
                Then = [new LabelNode { Label = "late" }],
                Else = [new LabelNode { Label = "early" }],
            },
        };
        string Label(LabHarness lab) => lab.Engine.FindContact(lab.Submit(lab.Task("S", 1)).Contact)!.StatusReason!;
        var zoned = new LabHarness(Config(script, timeZone: "Europe/Berlin", offsets: Berlin2024));
        var fixedOffset = new LabHarness(Config(script, utcOffset: 60));
        // 30 January 2024, 13:54 UTC: 14:54 in Berlin's winter, and at +01:00.
        Assert.Equal(("label early", "label early"), (Label(zoned), Label(fixedOffset)));
        // 1 July, 13:54 UTC: 15:54 in Berlin's summer; still 14:54 at +01:00.
        var july = new DateTimeOffset(2024, 7, 1, 13, 54, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() - LabHarness.SeedMorning;
        zoned.Advance(TimeSpan.FromMilliseconds(july));
        fixedOffset.Advance(TimeSpan.FromMilliseconds(july));
        Assert.Equal(("label late", "label early"), (Label(zoned), Label(fixedOffset)));
        // 1 November: winter again.
        zoned.Advance(TimeSpan.FromDays(123));
        Assert.Equal("label early", Label(zoned));
    }

    [Fact]
    public void A_time_zone_is_hashed_with_its_pinned_clock_so_new_rules_for_the_same_zone_are_a_change_of_configuration()
    {
        var script = new ScriptNode[] { new QueueNode { SkillGroups = [10] } };
        var moved = Berlin2024.Select(o => new ZoneOffset { From = o.From.AddDays(7), OffsetMinutes = o.OffsetMinutes }).ToArray();
        var hashes = new[]
        {
            RoutingEngine.ConfigurationHashOf(Config(script)),
            RoutingEngine.ConfigurationHashOf(Config(script, timeZone: "Europe/Berlin", offsets: Berlin2024)),
            RoutingEngine.ConfigurationHashOf(Config(script, timeZone: "Europe/Berlin", offsets: moved)),
        };
        Assert.Equal(3, hashes.Distinct().Count());
    }

    [Fact]
    public void A_time_zone_without_its_clock_with_an_offset_too_or_with_its_clock_out_of_order_is_refused_naming_the_field()
    {
        RoutingConfiguration With(int utcOffset, string? zone, IReadOnlyList<ZoneOffset>? offsets) => Config([new QueueNode { SkillGroups = [10] }], utcOffset: utcOffset, timeZone: zone, offsets: offsets);
        string Refused(RoutingConfiguration config) => Assert.Single(Assert.Throws<InvalidConfigurationException>(() => new LabHarness(config)).Errors).Path;
        Assert.Equal("timeZoneOffsets", Refused(With(0, "Europe/Berlin", null)));
        Assert.Equal("utcOffsetMinutes", Refused(With(60, "Europe/Berlin", Berlin2024)));
        Assert.Equal("timeZoneOffsets[2].from", Refused(With(0, "Europe/Berlin", [Berlin2024[0], Berlin2024[2], Berlin2024[1]])));
        Assert.Equal("timeZoneOffsets", Refused(With(0, null, Berlin2024)));
    }

    [Fact]
    public void Percent_allocation_splits_tasks_exactly_by_share()
    {
        var script = new ScriptNode[]
        {
            new PercentNode
            {
                Branches =
                [
                    new PercentBranch { Percent = 70, Nodes = [new LabelNode { Label = "seventy" }] },
                    new PercentBranch { Percent = 30, Nodes = [new LabelNode { Label = "thirty" }] },
                ],
            },
        };
        var lab = new LabHarness(Config(script));
        var labels = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var (contact, _) = lab.Submit(lab.Task("S", 1));
            labels.Add(lab.Engine.FindContact(contact)!.StatusReason!);
        }
        Assert.Equal(70, labels.Count(l => l == "label seventy"));
        Assert.Equal(30, labels.Count(l => l == "label thirty"));
        Assert.Equal(7, labels.Take(10).Count(l => l == "label seventy"));
    }

    [Fact]
    public void Label_and_reject_end_routing_with_the_routing_complete_disposition()
    {
        var lab = new LabHarness(Config([new LabelNode { Label = "IVR_1" }]));
        var (contact, _) = lab.Submit(lab.Task("S", 1));
        var failure = lab.Last.Single(e => e.Message == MessageType.NEW_TASK_FAILURE_EVENT);
        Assert.Equal((Disposition.IcmRoutingComplete, "label IVR_1"), (failure.Disposition, failure.Text));
        Assert.Equal(ContactStatus.Discarded, lab.Engine.FindContact(contact)!.Status);
    }

    [Fact]
    public void Priority_rises_with_wait_time_until_it_overtakes_newer_urgent_tasks()
    {
        var script = new ScriptNode[] { new QueueNode { SkillGroups = [10], Priority = 5, RaisePriorityEverySeconds = 10 } };
        var config = Config(script);
        var urgent = new ScriptSelector { Name = "Urgent", MrdId = 1, Script = [new QueueNode { SkillGroups = [10], Priority = 3 }] };
        config = new RoutingConfiguration
        {
            Mrds = config.Mrds, SkillGroups = config.SkillGroups, Attributes = config.Attributes, PrecisionQueues = config.PrecisionQueues,
            Agents = config.Agents, TaskFeeds = config.TaskFeeds, ScriptSelectors = [.. config.ScriptSelectors, urgent],
        };
        var lab = new LabHarness(config);
        var old = lab.Submit(lab.Task("S", 1));
        lab.Advance(TimeSpan.FromSeconds(35)); // 5 -> 4 -> 3 -> 2
        lab.Ok((e, t) => e.Tick(t));
        var fresh = lab.Submit(lab.Task("Urgent", 1));

        lab.ReadyAgent(1000, 1);
        Assert.Equal(old.Task, PreCall(lab).Task);
        Assert.Equal(2, PreCall(lab).Priority);
        Assert.NotEqual(fresh.Task, PreCall(lab).Task);
    }

    [Fact]
    public void A_precision_queue_widens_to_its_next_step_after_the_step_wait()
    {
        var lab = new LabHarness(Config([new QueueNode { PrecisionQueue = 50 }]));
        lab.ReadyAgent(1002, 1); // Billing 10 but not Spanish: only step 2
        lab.Submit(lab.Task("S", 1));
        Assert.Empty(lab.Engine.Dialogs(1002));

        lab.Advance(TimeSpan.FromSeconds(30));
        lab.Ok((e, t) => e.Tick(t));
        var pre = PreCall(lab);
        Assert.Equal((1002, 50), (pre.LoginId, pre.PrecisionQueueId));
    }

    [Fact]
    public void A_precision_queue_step_takes_an_agent_whose_attributes_match_at_once()
    {
        var lab = new LabHarness(Config([new QueueNode { PrecisionQueue = 50 }]));
        lab.ReadyAgent(1000, 1); // Spanish but Billing 4: no step
        lab.ReadyAgent(1001, 1); // Spanish and Billing 9: step 1
        lab.Submit(lab.Task("S", 1));
        Assert.Equal(1001, PreCall(lab).LoginId);
    }

    [Fact]
    public void A_precision_queue_step_whose_consider_if_fails_is_skipped()
    {
        var config = Config([new QueueNode { PrecisionQueue = 50 }]);
        var pq = config.PrecisionQueues[0];
        var skipped = new PrecisionQueue
        {
            Id = 50, Name = pq.Name, MrdId = 1,
            Steps =
            [
                new PrecisionQueueStep
                {
                    WaitSeconds = 30, Expressions = pq.Steps[0].Expressions,
                    ConsiderIf = new Comparison { Operand = ConditionOperand.AvailableAgents, Operator = CompareOperator.GreaterThan, Value = "0" },
                },
                pq.Steps[1],
            ],
        };
        var lab = new LabHarness(new RoutingConfiguration
        {
            Mrds = config.Mrds, SkillGroups = config.SkillGroups, Attributes = config.Attributes, PrecisionQueues = [skipped],
            Agents = config.Agents, TaskFeeds = config.TaskFeeds, ScriptSelectors = config.ScriptSelectors,
        });
        lab.Submit(lab.Task("S", 1));
        // Step 1 had nobody available, so the task waits at step 2 straight away.
        lab.ReadyAgent(1002, 1);
        Assert.Equal(1002, PreCall(lab).LoginId);
    }
}
