using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Taskroute.Core.Configuration;

namespace Taskroute.Server.Accounts;

/// <summary>
/// The accounts the server knows. The built-in lab has every agent (by login id), <c>sup1</c>
/// supervising all of them and <c>admin</c>, each with the password <c>lab</c>.
/// A verified password is remembered as a fast check, since PBKDF2 is slow on purpose; what is
/// remembered is a keyed hash of it (the key is made at start and never leaves the process), not
/// the password itself.
/// </summary>
public sealed class AccountStore
{
    public const string LabPassword = "lab";

    // Replaced whole by a configuration change, never changed in place: readers need no lock.
    private volatile Dictionary<string, Account> _accounts;
    private readonly ConcurrentDictionary<(string User, string Proof), bool> _verified = new();
    private readonly byte[] _proofKey = RandomNumberGenerator.GetBytes(32);

    public AccountStore(IEnumerable<Account> accounts) =>
        _accounts = accounts.ToDictionary(a => a.User, StringComparer.Ordinal);

    /// <summary>
    /// The built-in lab's accounts, whose password is published: what the lab shows anyone (the list
    /// of tasks) a configured server shows only to supervisors and administrators.
    /// </summary>
    public bool IsLab { get; private init; }

    public static AccountStore Lab(RoutingConfiguration configuration) => new(LabAccounts(configuration)) { IsLab = true };

    private static List<Account> LabAccounts(RoutingConfiguration configuration)
    {
        // One hash shared by the lab's accounts: they all have the same, published password.
        var hash = LabHash.Value;
        var logins = configuration.Agents.Select(a => a.LoginId).ToHashSet();
        var accounts = configuration.Agents.Select(a => new Account(a.LoginId.ToString(System.Globalization.CultureInfo.InvariantCulture), Role.Agent, hash, a.LoginId)).ToList();
        accounts.Add(new Account("sup1", Role.Supervisor, hash, Team: logins));
        accounts.Add(new Account("admin", Role.Administrator, hash));
        return accounts;
    }

    private static readonly Lazy<string> LabHash = new(() => PasswordHash.Create(LabPassword));

    /// <summary>
    /// After a configuration change: the accounts a configuration file gives, or, for the lab's
    /// accounts when it gives none, the lab's accounts for the new configuration's agents.
    /// </summary>
    /// <returns>Whether the accounts given changed any account (the same file sent again changes none).</returns>
    public bool Change(RoutingConfiguration configuration, IReadOnlyList<Configuration.AccountConfig>? accounts)
    {
        var given = accounts is { Count: > 0 };
        var next = given ? From(accounts!)._accounts : IsLab ? new AccountStore(LabAccounts(configuration))._accounts : null;
        if (next is null || Same(next, _accounts)) return false;
        _accounts = next;
        // A password that was right may no longer be.
        _verified.Clear();
        return given;
    }

    /// <summary>Whether <see cref="Change"/> would change any account with these (a dry run's answer).</summary>
    public bool WouldChange(IReadOnlyList<Configuration.AccountConfig> accounts) =>
        accounts.Count > 0 && !Same(From(accounts)._accounts, _accounts);

    private static bool Same(Dictionary<string, Account> next, Dictionary<string, Account> now) =>
        next.Count == now.Count && next.Values.All(a => now.TryGetValue(a.User, out var was)
            && (a.Role, a.PasswordHash, a.AgentLoginId) == (was.Role, was.PasswordHash, was.AgentLoginId)
            && (a.Team ?? new HashSet<int>()).SetEquals(was.Team ?? new HashSet<int>()));

    /// <summary>Whether any account in <paramref name="accounts"/> is an administrator.</summary>
    public static bool HasAdministrator(IEnumerable<Configuration.AccountConfig> accounts) => accounts.Any(a => a.Role == "administrator");

    public static AccountStore From(IEnumerable<Configuration.AccountConfig> accounts) => new(accounts.Select(a => new Account(
        a.User,
        a.Role switch { "supervisor" => Role.Supervisor, "administrator" => Role.Administrator, _ => Role.Agent },
        a.PasswordHash,
        a.AgentLoginId ?? (int.TryParse(a.User, out var login) ? login : 0),
        a.Team.ToHashSet())));

    public int Count => _accounts.Count;

    /// <summary>Counts failed sign-ins and locks a user out after too many in a row (Finesse's rule); none when null.</summary>
    public SignInLockout? Lockout { get; set; }

    public Account? SignIn(string user, string password) => SignInAsync(user, password).GetAwaiter().GetResult();

    /// <summary>As <see cref="SignIn"/>, with why a sign-in was refused (a wrong password, or a user locked out).</summary>
    public (Account? Account, string? Refusal) Check(string user, string password, string? from = null) => CheckAsync(user, password, from).GetAwaiter().GetResult();

    /// <summary>
    /// Checks a password. A known user's right password is remembered, so only a first sign-in and
    /// wrong guesses cost a PBKDF2 check; those take turns, one core's worth at a time, so guessing
    /// cannot take the cores from routing. An unknown user is checked against a hash of no account,
    /// so the time taken does not say which user names exist.
    /// </summary>
    public async Task<Account?> SignInAsync(string user, string password) => (await CheckAsync(user, password)).Account;

    /// <summary>
    /// As <see cref="SignInAsync"/>, with why a sign-in was refused. <paramref name="from"/>: the
    /// client's address, which failed sign-ins are counted with (see <see cref="SignInLockout"/>).
    /// </summary>
    public async Task<(Account? Account, string? Refusal)> CheckAsync(string user, string password, string? from = null)
    {
        var answer = await AnswerAsync(user, password, from);
        return (answer.Account, answer.Refusal);
    }

    /// <summary>As <see cref="CheckAsync"/>, saying too whether the client's address has spent its failed checks.</summary>
    public async Task<SignInAnswer> AnswerAsync(string user, string password, string? from = null)
    {
        var key = SignInLockout.Key(user, from);
        // A locked-out user is refused before its password is looked at, the right one too.
        if (Lockout?.Refusal(key) is { } locked) return new(null, locked);
        var known = _accounts.TryGetValue(user, out var account);
        var proof = Convert.ToBase64String(HMACSHA256.HashData(_proofKey, Encoding.UTF8.GetBytes(password)));
        if (known && _verified.ContainsKey((user, proof)))
            return Lockout?.Succeeded(key) is { } lockedMeanwhile ? new(null, lockedMeanwhile) : new(account, null);
        // Only a check that costs PBKDF2 is weighed against the address's failed checks: before it
        // waits its turn, and again once it has it, so that checks queued behind a flood cost nothing.
        var budget = from is null ? null : Lockout?.Addresses;
        if (budget?.Wait(from!) is { } wait) return TooMany(from!, wait);
        bool right;
        TimeSpan? spent = null;
        await _slowChecks.WaitAsync();
        try
        {
            spent = budget?.Wait(from!);
            right = spent is null && PasswordHash.Verify(password, known ? account!.PasswordHash : NoAccount) && known;
        }
        finally
        {
            _slowChecks.Release();
        }
        if (spent is { } waited) return TooMany(from!, waited);
        if (!right)
        {
            if (budget is not null) Lockout!.AddressFailed(from!);
            return new(null, Lockout?.Failed(key) ?? WrongPassword);
        }
        // Guesses sent together all pass the first look before the fifth failure is counted: one
        // checked after the lock was set is refused, the right one too.
        if (Lockout?.Succeeded(key) is { } lockedWhileChecking) return new(null, lockedWhileChecking);
        if (_verified.Count < 10_000) _verified[(user, proof)] = true;
        return new(account, null);
    }

    private static SignInAnswer TooMany(string from, TimeSpan wait) =>
        new(null, $"too many failed sign-ins from {from}: try again in {Math.Max(1, Math.Ceiling(wait.TotalSeconds)):0} s", TooMany: true, TryAgainIn: wait);

    public const string WrongPassword = "wrong user or password";

    private readonly SemaphoreSlim _slowChecks = new(Math.Max(1, Environment.ProcessorCount / 2));

    // The hash an unknown user's password is checked against: of a password nobody has.
    private static readonly string NoAccount = PasswordHash.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));

    public Account? Find(string user) => _accounts.GetValueOrDefault(user);
}
