using System.Globalization;
using Taskroute.Core.Configuration;

namespace Taskroute.Server.Configuration;

/// <summary>
/// Secrets a configuration file holds that work but guard little: a feed's API key short enough to
/// guess, an account's password hash with too few PBKDF2 iterations to slow down whoever copies the
/// file. Warned of, never refused: files that ran before must keep starting. Each names the field
/// as a problem would (<c>taskFeeds[2].apiKey</c>), never its value. The example configuration's
/// published secrets are warned of too.
/// </summary>
public static class WeakSecrets
{
    /// <summary>Shorter keys are warned of: 16 characters of a random key are about 96 bits or more.</summary>
    public const int MinApiKeyLength = 16;

    /// <summary>What <c>taskroute hash-password</c> uses; fewer are warned of.</summary>
    public const int MinIterations = Accounts.PasswordHash.Iterations;

    // What docs/examples/taskroute.yaml publishes: its accounts' hash (of "lab") and its partner feed's key.
    // A file copied from it and run as it is opens to anyone who has read the docs.
    private const string PublishedHash = "pbkdf2-sha256$100000$lWatgeOh+RMhKQLJ5T54Gw==$JHt/R5EBSAC3SB+SXcKT4tX1ZAfCFG3BqMR5gkei7OY=";
    private const string PublishedKey = "change-me-partner-key";

    public static IReadOnlyList<ConfigurationError> Find(RoutingConfiguration routing, IReadOnlyList<AccountConfig> accounts)
    {
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(accounts);
        var found = new List<ConfigurationError>();
        for (var i = 0; i < routing.TaskFeeds.Count; i++)
        {
            if (routing.TaskFeeds[i].ApiKey is { Length: > 0 and < MinApiKeyLength } key)
                found.Add(new ConfigurationError($"taskFeeds[{i}].apiKey",
                    $"{Characters(key.Length)}, fewer than {MinApiKeyLength}: a key this short can be guessed by trying; give the feed a long random one (openssl rand -base64 24) and its clients the same"));
        }
        for (var i = 0; i < accounts.Count; i++)
        {
            // A short derived key is guessed by chance (1 byte: one password in 256 gets in), a short salt shared.
            if (Accounts.PasswordHash.LengthsOf(accounts[i].PasswordHash) is { } lengths && (lengths.Key < 16 || lengths.Salt < 8))
                found.Add(new ConfigurationError($"accounts[{i}].passwordHash",
                    $"a {lengths.Salt}-byte salt and a {lengths.Key}-byte hash, fewer than 8 and 16: a short hash lets wrong passwords in by chance; make a new hash with `taskroute hash-password`"));
            if (Accounts.PasswordHash.IterationsOf(accounts[i].PasswordHash) is { } iterations and < MinIterations)
                found.Add(new ConfigurationError($"accounts[{i}].passwordHash",
                    $"PBKDF2 with {iterations.ToString("N0", CultureInfo.InvariantCulture)} iteration{(iterations == 1 ? "" : "s")}, fewer than {MinIterations.ToString("N0", CultureInfo.InvariantCulture)}: whoever copies the file guesses its password that much faster; make a new hash with `taskroute hash-password`"));
        }
        for (var i = 0; i < routing.TaskFeeds.Count; i++)
            if (routing.TaskFeeds[i].ApiKey == PublishedKey)
                found.Add(new ConfigurationError($"taskFeeds[{i}].apiKey", "the example configuration's published key: anyone who read the docs can submit to this feed; give it a long random one of its own (openssl rand -base64 24)"));
        var published = accounts.Where(a => a.PasswordHash == PublishedHash).Select(a => a.User).ToList();
        if (published.Count > 0)
            found.Add(new ConfigurationError("accounts", $"{string.Join(", ", published)}: the example configuration's published hash, of the password \"lab\": anyone who read the docs can sign in as {(published.Count == 1 ? "it" : "them")}; make each a hash of its own with `taskroute hash-password`"));
        return found;
    }

    private static string Characters(int n) => n == 1 ? "1 character" : $"{n} characters";
}
