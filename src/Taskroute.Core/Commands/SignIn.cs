using Taskroute.Core.Flow;

namespace Taskroute.Core.Commands;

/// <summary>
/// An agent (ICM agent id or login id) signs in to an MRD; it starts not ready. Signed in there
/// already, the sign-in is refused as CCE refuses it, and with <see cref="ResetIfSignedIn"/> it still
/// resets the limit and the interrupt and logout actions, as Finesse documents for a desktop
/// recovering its media after a failure (the agent's state stays as it was). <c>ResetIfSignedIn</c>
/// is set on every sign-in made now and false in records journaled before a repeated sign-in reset
/// anything, so that they replay as they ran.
/// </summary>
public sealed record SignIn(long Time, int Agent, int MrdId, int MaxTaskLimit = 0,
    InterruptAction InterruptAction = InterruptAction.Accept, DialogLogoutAction DialogLogoutAction = DialogLogoutAction.Close,
    bool ResetIfSignedIn = false) : Command(Time);
