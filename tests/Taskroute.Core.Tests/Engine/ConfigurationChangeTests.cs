using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Core.Modules.Desktop;

namespace Taskroute.Core.Tests.Engine;

/// <summary>A configuration change applies from the moment it is made: open work carries over, nothing is routed again.</summary>
public class ConfigurationChangeTests
{
    private const int Agent1081 = LabConfiguration.SeedAgentId + 1;

    [Fact]
    public void Adding_an_agent_to_a_skill_group_offers_it_the_task_waiting_there_as_part_of_the_change()
    {
        var lab = new LabHarness();
        lab.ReadyAgent(1081, LabConfiguration.EmailMrd);
        var (contact, task) = lab.Submit(lab.Task(LabConfiguration.EmailSelector, LabConfiguration.EmailFeed));
        Assert.Equal(ContactStatus.Queued, lab.Engine.FindContact(contact)!.Status);

        lab.Advance(TimeSpan.FromSeconds(5));
        lab.Ok((e, t) => e.ChangeConfiguration(t, With(LabConfiguration.Create(), agent: Agent1081, skillGroups: [LabConfiguration.TaskSkillGroup, LabConfiguration.ChatSupportSkillGroup, LabConfiguration.EmailBillingSkillGroup])));

        var offer = Assert.Single(lab.Last, e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND);
        Assert.Equal((task, Agent1081, LabConfiguration.EmailBillingSkillGroup), (offer.Task, offer.AgentId, offer.SkillGroupId));
        Assert.Equal(ContactStatus.Reserved, lab.Engine.FindContact(contact)!.Status);
        Assert.Single(lab.Engine.Dialogs(1081));
    }

    [Fact]
    public void Open_tasks_keep_their_numbers_and_places_and_new_ones_number_on_after_a_change()
    {
        var lab = new LabHarness();
        var first = lab.Submit();
        var second = lab.Submit();
        var firstId = lab.Journal.Last(e => e.Task == first.Task && !e.TaskId.IsNone).TaskId;

        lab.Ok((e, t) => e.ChangeConfiguration(t, With(LabConfiguration.Create(), taskLimit: 1)));
        var third = lab.Submit();
        var thirdId = lab.Journal.Last(e => e.Task == third.Task && !e.TaskId.IsNone).TaskId;

        Assert.Equal(first.Task + 2, third.Task);
        Assert.Equal(firstId.Key + 2, thirdId.Key);
        lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        // The longest waiting first, as before the change; the new limit of one task leaves the rest waiting.
        Assert.Equal(first.Contact, Assert.Single(lab.Engine.Dialogs(1080)).ContactId);
        Assert.Equal(ContactStatus.Queued, lab.Engine.FindContact(second.Contact)!.Status);
        Assert.Equal(ContactStatus.Queued, lab.Engine.FindContact(third.Contact)!.Status);
    }

    [Fact]
    public void A_lowered_task_limit_applies_at_the_next_sign_in_and_a_signed_in_agent_keeps_the_one_it_signed_in_with()
    {
        var lab = new LabHarness();
        lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        lab.Ok((e, t) => e.ChangeConfiguration(t, With(LabConfiguration.Create(), taskLimit: 1)));
        Assert.Equal(3, Media(lab).MaxTaskLimit);

        // An agent signed out shows the limit it would sign in with now.
        Assert.Equal(1, lab.Engine.AgentMedia(1081).Single(m => m.MrdId == LabConfiguration.TaskMrd).MaxTaskLimit);

        lab.Ok((e, t) => e.SignOut(t, 1080, LabConfiguration.TaskMrd));
        lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        Assert.Equal(1, Media(lab).MaxTaskLimit);
    }

    [Fact]
    public void A_refusal_names_every_cause_once_and_a_login_id_changed_under_a_signed_in_agent_is_one()
    {
        var lab = new LabHarness();
        lab.ReadyAgent(1081, LabConfiguration.EmailMrd);
        // 1080 takes two (the email MRD's limit), the third waits.
        lab.ReadyAgent(1080, LabConfiguration.EmailMrd);
        for (var i = 0; i < 3; i++) lab.Submit(lab.Task(LabConfiguration.EmailSelector, LabConfiguration.EmailFeed));
        var lab0 = LabConfiguration.Create();
        var noEmail = Copy(lab0,
            mrds: [.. lab0.Mrds.Where(m => m.Id != LabConfiguration.EmailMrd)],
            skillGroups: [.. lab0.SkillGroups.Where(g => g.Id != LabConfiguration.EmailBillingSkillGroup)],
            agents: [.. lab0.Agents.Select(a => a.Id == Agent1081 ? new AgentConfig { Id = a.Id, LoginId = 2081, SkillGroups = [LabConfiguration.TaskSkillGroup] } : Agent(a, [.. a.SkillGroups.Where(g => g != LabConfiguration.EmailBillingSkillGroup)]))],
            selectors: [.. lab0.ScriptSelectors.Where(s => s.Name != LabConfiguration.EmailSelector)],
            feeds: [.. lab0.TaskFeeds.Where(f => f.Id != LabConfiguration.EmailFeed)]);

        var refused = lab.Run((e, t) => e.ChangeConfiguration(t, noEmail));

        Assert.Equal(
            "the new configuration has no place for open work: " +
            $"MRD {LabConfiguration.EmailMrd} is removed, but agents are signed in to it: make them Not Ready there and let them finish its tasks (a sign-out ends them), then sign them out (2 agents); " +
            $"MRD {LabConfiguration.EmailMrd} is removed, but tasks in it are still open (3 tasks); " +
            $"agent {Agent1081}'s login id changes from 1081 to 2081, but it is signed in to MRD {LabConfiguration.EmailMrd}: sign the agent out first; " +
            $"script selector '{LabConfiguration.EmailSelector}' is removed, but tasks it routed are still open (3 tasks); " +
            $"skill group {LabConfiguration.EmailBillingSkillGroup} is removed, but tasks queued to it are still open (1 task); " +
            $"skill group {LabConfiguration.EmailBillingSkillGroup} is removed, but tasks routed from it and held by agents are still open (2 tasks)",
            refused.Detail);
    }

    [Fact]
    public void An_agent_holding_more_than_a_lowered_limit_is_told_why_it_cannot_sign_in_again_and_when_it_can()
    {
        var lab = new LabHarness();
        lab.ReadyAgent(1080, LabConfiguration.TaskMrd);
        lab.Submit();
        lab.Submit();
        Assert.Equal(2, Media(lab).NumTasks);
        lab.Ok((e, t) => e.ChangeConfiguration(t, With(LabConfiguration.Create(), taskLimit: 1)));

        // A desktop's sign-in again, with the limit it had or none: refused saying what holds it, not "must be 1 to 1".
        foreach (var limit in new[] { 0, 3 })
        {
            var refused = lab.Run((e, t) => e.SignIn(t, 1080, LabConfiguration.TaskMrd, maxTaskLimit: limit, resetIfSignedIn: true));
            Assert.Equal($"maxDialogLimit: the agent holds 2 tasks, more than MRD {LabConfiguration.TaskMrd}'s limit of 1 since the configuration changed; " +
                "it stays signed in under the limit it signed in with (3) and can sign in again once it holds 1 or fewer", refused.Detail);
        }
        Assert.Equal((3, 2), (Media(lab).MaxTaskLimit, Media(lab).NumTasks));
    }

    [Fact]
    public void Removing_an_agent_who_is_signed_in_is_refused_naming_the_agent_and_the_tasks_a_sign_out_would_end_and_changes_nothing()
    {
        var lab = new LabHarness();
        lab.ReadyAgent(1081, LabConfiguration.TaskMrd);
        lab.Submit();
        var before = lab.Engine.WriteSnapshot();
        var hash = lab.Engine.ConfigurationHash();
        var lab0 = LabConfiguration.Create();
        var without = Copy(lab0, agents: [.. lab0.Agents.Where(a => a.Id != Agent1081)]);

        var result = lab.Run((e, t) => e.ChangeConfiguration(t, without));

        Assert.False(result.Succeeded);
        // The advice to sign out is not given bare: that ends the customer's conversation (disposition 40).
        Assert.EndsWith($"agent {Agent1081} (login 1081) is removed, but is signed in to MRD {LabConfiguration.TaskMrd} (holding 1 task): " +
            "make the agent Not Ready and let it finish its tasks (a sign-out ends them), then sign it out", result.Detail);
        Assert.Equal(hash, lab.Engine.ConfigurationHash());
        Assert.Equal(before, lab.Engine.WriteSnapshot());
    }

    [Fact]
    public void Removing_a_skill_group_with_tasks_queued_to_it_is_refused_and_an_idle_one_goes()
    {
        var lab = new LabHarness();
        var (contact, _) = lab.Submit(lab.Task(LabConfiguration.EmailSelector, LabConfiguration.EmailFeed));
        var lab0 = LabConfiguration.Create();
        var noEmailSkill = Copy(lab0,
            skillGroups: [.. lab0.SkillGroups.Where(g => g.Id != LabConfiguration.EmailBillingSkillGroup)],
            agents: [.. lab0.Agents.Select(a => Agent(a, [.. a.SkillGroups.Where(g => g != LabConfiguration.EmailBillingSkillGroup)]))],
            selectors: [.. lab0.ScriptSelectors.Select(s => s.Name == LabConfiguration.EmailSelector ? new ScriptSelector { Name = s.Name, MrdId = s.MrdId, Script = [new Scripts.RejectNode()] } : s)]);

        var refused = lab.Run((e, t) => e.ChangeConfiguration(t, noEmailSkill));
        Assert.False(refused.Succeeded);
        Assert.Contains($"skill group {LabConfiguration.EmailBillingSkillGroup} is removed, but tasks queued to it are still open (1 task)", refused.Detail);

        lab.Ok((e, t) => e.CancelTask(t, contact));
        lab.Ok((e, t) => e.ChangeConfiguration(t, noEmailSkill));
        Assert.DoesNotContain(lab.Engine.Configuration.SkillGroups, g => g.Id == LabConfiguration.EmailBillingSkillGroup);
    }

    private static AgentMedia Media(LabHarness lab) => lab.Engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd);

    private static AgentConfig Agent(AgentConfig a, IReadOnlyList<int> skillGroups) => new()
    {
        Id = a.Id, LoginId = a.LoginId, Name = a.Name, SkillGroups = skillGroups,
        SkillLevels = a.SkillLevels.Where(l => skillGroups.Contains(l.Key)).ToDictionary(), Attributes = a.Attributes,
    };

    private static RoutingConfiguration With(RoutingConfiguration c, int agent = 0, IReadOnlyList<int>? skillGroups = null, int taskLimit = 0) => Copy(c,
        agents: [.. c.Agents.Select(a => a.Id == agent ? Agent(a, skillGroups!) : a)],
        mrds: [.. c.Mrds.Select(m => m.Id == LabConfiguration.TaskMrd && taskLimit > 0 ? new MediaRoutingDomain { Id = m.Id, Name = m.Name, MaxTasksPerAgent = taskLimit, Interruptible = m.Interruptible } : m)]);

    private static RoutingConfiguration Copy(RoutingConfiguration c, IReadOnlyList<AgentConfig>? agents = null, IReadOnlyList<MediaRoutingDomain>? mrds = null,
        IReadOnlyList<SkillGroup>? skillGroups = null, IReadOnlyList<ScriptSelector>? selectors = null, IReadOnlyList<TaskFeed>? feeds = null) => new()
    {
        AgentPeripheralId = c.AgentPeripheralId, MediaRoutingPeripheralId = c.MediaRoutingPeripheralId, RoutingClientId = c.RoutingClientId,
        RouterCallKeyStart = c.RouterCallKeyStart, UtcOffsetMinutes = c.UtcOffsetMinutes, Mrds = mrds ?? c.Mrds, SkillGroups = skillGroups ?? c.SkillGroups,
        Attributes = c.Attributes, PrecisionQueues = c.PrecisionQueues, Agents = agents ?? c.Agents, ScriptSelectors = selectors ?? c.ScriptSelectors, TaskFeeds = feeds ?? c.TaskFeeds,
    };
}
