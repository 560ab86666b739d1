namespace Taskroute.Server.Hosting;

/// <summary>
/// The journal raises the router's rules past those this build knows: a newer version wrote it.
/// Going on would route what followed under older rules than it ran under, so the server refuses.
/// </summary>
public sealed class RulesTooNewException(string message) : Exception(message);
