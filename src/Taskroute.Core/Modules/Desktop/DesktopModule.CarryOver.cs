using Taskroute.Core.Engine;

namespace Taskroute.Core.Modules.Desktop;

/// <summary>A configuration change: a fresh desktop built on the new configuration takes over each agent's media and dialogs, matched by ICM agent id and MRD id.</summary>
internal sealed partial class DesktopModule
{
    /// <summary>Takes over <paramref name="old"/>'s media and dialogs; the peripheral's check found no signed-in agent without a place.</summary>
    public void CarryOver(DesktopModule old, RoutingModel oldModel)
    {
        var model = _ctx.Model;
        for (var oa = 0; oa < old._media.Length; oa++)
        {
            if (!model.AgentIndexById.TryGetValue(oldModel.Agents[oa].Id, out var a)) continue;
            for (var om = 0; om < old._media[oa].Length; om++)
            {
                if (model.MrdIndex(oldModel.Mrds[om].Id) is not (var m and >= 0)) continue;
                var media = old._media[oa][om];
                // Signed out, the media shows the limit the agent would sign in with now.
                if (!media.LoggedIn) media.MaxTaskLimit = model.Mrds[m].MaxTasksPerAgent;
                _media[a][m] = media;
            }
            foreach (var dialog in old._agentDialogs[oa])
            {
                dialog.AgentIndex = a;
                dialog.LoginId = model.Agents[a].LoginId;
                dialog.MrdIndex = model.MrdIndex(dialog.MrdId);
                _agentDialogs[a].Add(dialog);
            }
        }
        foreach (var dialog in old._dialogs.Values) _dialogs[dialog.Task] = dialog;
        foreach (var (id, dialog) in old._dialogsById) _dialogsById[id] = dialog;
    }
}
