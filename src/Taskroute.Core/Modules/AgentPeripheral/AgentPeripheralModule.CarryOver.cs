using Taskroute.Core.Engine;

namespace Taskroute.Core.Modules.AgentPeripheral;

/// <summary>
/// A configuration change: a fresh peripheral built on the new configuration takes over each agent's
/// state and tasks per MRD, matched by ICM agent id and MRD id. An agent keeps the task limit it
/// signed in with; the new MRD limit applies at its next sign-in.
/// </summary>
internal sealed partial class AgentPeripheralModule
{
    /// <summary>Finds the signed-in agents the new configuration has no place for; changes nothing.</summary>
    public void CheckCarryOver(AgentPeripheralModule old, RoutingModel oldModel, CarryOverProblems problems)
    {
        var model = _ctx.Model;
        foreach (var agent in old._agents)
        {
            var signedIn = new List<string>();
            var held = 0;
            for (var m = 0; m < agent.Mrds.Length; m++)
            {
                if (!agent.Mrds[m].LoggedIn) continue;
                var mrdId = oldModel.Mrds[m].Id;
                var tasks = agent.Mrds[m].Tasks.Count;
                held += tasks;
                signedIn.Add(tasks == 0 ? $"MRD {mrdId}" : $"MRD {mrdId} (holding {tasks} {(tasks == 1 ? "task" : "tasks")})");
                if (model.AgentIndexById.ContainsKey(agent.Config.Id) && model.MrdIndex(mrdId) < 0)
                    problems.Add($"MRD {mrdId} is removed, but agents are signed in to it: make them Not Ready there and let them finish its tasks (a sign-out ends them), then sign them out", "agent");
            }
            if (signedIn.Count == 0) continue;
            var mrds = string.Join(" and ", signedIn);
            if (!model.AgentIndexById.TryGetValue(agent.Config.Id, out var a))
                problems.Add($"agent {agent.Config.Id} (login {agent.Config.LoginId}) is removed, but is signed in to {mrds}: {SignOutAdvice(held)}", null);
            else if (model.Agents[a].LoginId != agent.Config.LoginId)
                problems.Add($"agent {agent.Config.Id}'s login id changes from {agent.Config.LoginId} to {model.Agents[a].LoginId}, but it is signed in to {mrds}: {SignOutAdvice(held)}", null);
        }
    }

    // Signing out ends the tasks an agent holds (disposition 40, agent logged out during task): said
    // where the advice to sign out would otherwise cost customers their conversations unawares.
    private static string SignOutAdvice(int tasksHeld) => tasksHeld == 0 ? "sign the agent out first" :
        "make the agent Not Ready and let it finish its tasks (a sign-out ends them), then sign it out";

    /// <summary>Takes over <paramref name="old"/>'s agents and tasks; <see cref="CheckCarryOver"/> found no problem.</summary>
    public void CarryOver(AgentPeripheralModule old, RoutingModel oldModel)
    {
        var model = _ctx.Model;
        foreach (var was in old._agents)
        {
            if (!model.AgentIndexById.TryGetValue(was.Config.Id, out var a)) continue;
            var agent = _agents[a];
            for (var om = 0; om < was.Mrds.Length; om++)
            {
                var m = model.MrdIndex(oldModel.Mrds[om].Id);
                if (m < 0) continue;
                var am = was.Mrds[om];
                if (!am.LoggedIn) am.MaxTaskLimit = am.RouterMax = model.Mrds[m].MaxTasksPerAgent;
                agent.Mrds[m] = am;
                foreach (var task in am.Tasks)
                {
                    task.AgentIndex = a;
                    task.MrdIndex = m;
                }
            }
        }
        foreach (var task in old._tasks.Values) _tasks[task.Task] = task;
    }
}
