using Taskroute.Core.Flow;

namespace Taskroute.Core.Commands;

/// <summary>An agent (ICM agent id or login id) signs in to an MRD; it starts not ready.</summary>
public sealed record SignIn(long Time, int Agent, int MrdId, int MaxTaskLimit = 0,
    InterruptAction InterruptAction = InterruptAction.Accept, DialogLogoutAction DialogLogoutAction = DialogLogoutAction.Close) : Command(Time);
