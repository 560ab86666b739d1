namespace Taskroute.Core.Modules.Desktop.Resources;

/// <summary>
/// Who other than the agent put an MRD in its state (<paramref name="Role"/> <c>supervisor</c> or
/// <c>administrator</c>, and the account's name), what they asked for (READY, NOT_READY with its
/// reason code, LOGOUT) and when, by the server's clock: a desktop says it, or the agent finds its
/// state changed with no word why. The engine does not know who sends its commands; the server
/// that took the change fills it in.
/// </summary>
public sealed record MediaChangedBy(string Role, string User, string State, int ReasonCode, DateTimeOffset At);
