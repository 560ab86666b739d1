namespace Taskroute.Server.Accounts;

/// <summary>
/// What a sign-in came to: the account, or why not. <see cref="TooMany"/> when its address has
/// spent its failed checks (<see cref="AddressCheckBudget"/>): not a wrong password but a client to
/// slow down, answered 429 with <see cref="TryAgainIn"/>.
/// </summary>
public readonly record struct SignInAnswer(Account? Account, string? Refusal, bool TooMany = false, TimeSpan? TryAgainIn = null);
