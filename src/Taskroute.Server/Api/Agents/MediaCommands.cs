using Taskroute.Core.Commands;
using Taskroute.Core.Flow;

namespace Taskroute.Server.Api.Agents;

/// <summary>
/// The commands a media state change makes, in Finesse's terms. A change is all or nothing: every
/// part that can be refused for the request's own values (routable, which needs the agent signed
/// in) goes before the state change, and all run in one trip through the loop.
/// </summary>
internal static class MediaCommands
{
    public static bool TryBuild(int loginId, int mrdId, MediaChange change, out List<Func<long, Command>> commands, out (string Field, string Expected) invalid)
    {
        commands = [];
        invalid = default;
        var interrupt = InterruptAction.Accept;
        var logout = DialogLogoutAction.Close;
        if (change.InterruptAction is { } ia && !EnumNames.TryParse(ia, out interrupt)) { invalid = ("interruptAction", "ACCEPT or IGNORE"); return false; }
        if (change.DialogLogoutAction is { } la && !EnumNames.TryParse(la, out logout)) { invalid = ("dialogLogoutAction", "CLOSE or TRANSFER"); return false; }
        // The CTI protocol carries a reason code in 16 bits.
        if (change.ReasonCode is < 0 or > ushort.MaxValue) { invalid = ("reasonCode", "0 to 65535"); return false; }
        if (change.MaxDialogLimit is < 1) { invalid = ("maxDialogLimit", "1 or more (left out, the MRD's limit)"); return false; }
        var state = change.State?.ToUpperInvariant();
        if (state is not (null or "LOGIN" or "READY" or "NOT_READY" or "LOGOUT")) { invalid = ("state", "LOGIN, READY, NOT_READY or LOGOUT"); return false; }

        // As in Finesse, the desktop's task limit is set by its sign-in and by nothing else: taken
        // with any other change, a supervisor (who may change states but not sign agents in) could
        // set an agent's limit.
        if (change.MaxDialogLimit is not null && state != "LOGIN") { invalid = ("maxDialogLimit", "sent only with state LOGIN: a sign-in sets the desktop's task limit"); return false; }

        if (state == "LOGIN") commands.Add(now => new SignIn(now, loginId, mrdId, change.MaxDialogLimit ?? 0, interrupt, logout, ResetIfSignedIn: true));
        // Going READY makes an agent routable (Finesse's rule); a routable flag sent with READY is the
        // agent's word on it, taken as it goes ready: set after, the tasks waiting would already be offered.
        if (change.Routable is { } routable && state != "READY") commands.Add(now => new SetRoutable(now, loginId, mrdId, routable));
        switch (state)
        {
            case "READY":
                commands.Add(now => new SetReady(now, loginId, mrdId, Routable: change.Routable ?? true));
                break;
            case "NOT_READY": commands.Add(now => new SetReady(now, loginId, mrdId, false, change.ReasonCode ?? 0)); break;
            case "LOGOUT": commands.Add(now => new SignOut(now, loginId, mrdId, change.ReasonCode ?? 0)); break;
        }
        if (commands.Count == 0) { invalid = ("state", "given, or routable: there is nothing to change"); return false; }
        return true;
    }
}
