using System.Net;
using Taskroute.Server.Accounts;

namespace Taskroute.Server.Tests;

/// <summary>
/// A feed key short enough to guess and a password hash with too few PBKDF2 iterations are warned
/// of by `taskroute validate` and at `serve`'s start, each by its field and never its value, and the
/// file still validates and runs as it did.
/// </summary>
public sealed class WeakSecretsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskroute-weak-").FullName;

    public void Dispose() => TestServer.TryDelete(_directory);

    private const string KeyWarning = "taskFeeds[3].apiKey: 1 character, fewer than 16: a key this short can be guessed";
    private const string HashWarning = "accounts[1].passwordHash: PBKDF2 with 1 iteration, fewer than 100,000";

    // The example, with its partner feed's key cut to one character and 1081's hash made with one iteration.
    private string WeakFile()
    {
        var text = File.ReadAllText(ConfigurationFileTests.Example);
        Assert.Contains("apiKey: \"change-me-partner-key\"", text, StringComparison.Ordinal);
        text = text.Replace("apiKey: \"change-me-partner-key\"", "apiKey: \"x\"", StringComparison.Ordinal);
        var line = text.Split('\n').Single(l => l.Contains("user: \"1081\"", StringComparison.Ordinal));
        var hash = line[(line.IndexOf("pbkdf2-sha256$", StringComparison.Ordinal))..line.IndexOf('"', line.IndexOf("pbkdf2-sha256$", StringComparison.Ordinal))];
        text = text.Replace(line, line.Replace(hash, PasswordHash.Create("lab", 1), StringComparison.Ordinal), StringComparison.Ordinal);
        var file = Path.Combine(_directory, "weak.yaml");
        File.WriteAllText(file, text);
        return file;
    }

    [Fact]
    public void A_hash_short_enough_to_let_wrong_passwords_in_by_chance_is_warned_of()
    {
        // A 1-byte derived key: one password in 256 signs in.
        var tiny = "pbkdf2-sha256$100000$" + Convert.ToBase64String(new byte[16]) + "$" + Convert.ToBase64String(new byte[1]);
        var accounts = new[] { new Configuration.AccountConfig { User = "admin", Role = "administrator", PasswordHash = tiny } };
        var warning = Assert.Single(Configuration.WeakSecrets.Find(Core.Lab.LabConfiguration.Create(), accounts));
        Assert.Equal("accounts[0].passwordHash", warning.Path);
        Assert.StartsWith("a 16-byte salt and a 1-byte hash", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_passes_a_short_feed_key_and_a_weak_hash_with_a_warning_naming_each_field()
    {
        var run = await CliRun.RunAsync("validate", "--config", WeakFile());
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("valid", run.Out, StringComparison.Ordinal);
        var warnings = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, warnings.Length);
        Assert.StartsWith("taskroute: warning: " + KeyWarning, warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("taskroute: warning: " + HashWarning, warnings[1], StringComparison.Ordinal);
        // The accounts left with the example's published hash (1081's was made again), in one line.
        Assert.StartsWith("taskroute: warning: accounts: 1080, 1082, 1083, 1084, sup1, admin: the example configuration's published hash", warnings[2], StringComparison.Ordinal);

        // The example as shipped: long enough and hash-password's 100,000 iterations, but its secrets are in the docs.
        var example = await CliRun.RunAsync("validate", "--config", ConfigurationFileTests.Example);
        Assert.Equal(0, example.ExitCode);
        var published = example.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, published.Length);
        Assert.StartsWith("taskroute: warning: taskFeeds[3].apiKey: the example configuration's published key", published[0], StringComparison.Ordinal);
        Assert.StartsWith("taskroute: warning: accounts: 1080, 1081, 1082, 1083, 1084, sup1, admin: the example configuration's published hash", published[1], StringComparison.Ordinal);
        Assert.DoesNotContain("lWatgeOh", example.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_starts_on_a_short_feed_key_and_a_weak_hash_logging_each_once_and_both_still_work()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ChildServer.StartAsync(Path.Combine(_directory, "data"), ct, "--config", WeakFile());
        await server.WaitForOutputAsync(KeyWarning, TimeSpan.FromSeconds(30), ct);
        await server.WaitForOutputAsync(HashWarning, TimeSpan.FromSeconds(30), ct);
        Assert.Equal(1, server.Output.Split(KeyWarning).Length - 1);
        Assert.Equal(1, server.Output.Split(HashWarning).Length - 1);

        // Warned of, not refused: the one-character key still opens its feed, the weak hash still signs in.
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/ccp/task/feed/100003")
        {
            Content = new StringContent("<Task><name>Ann</name><title>Refund</title><scriptSelector>CumulusTask</scriptSelector></Task>", System.Text.Encoding.UTF8, "application/xml"),
        };
        submit.Headers.Add("X-Api-Key", "x");
        using var submitted = await server.Client.SendAsync(submit, ct);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        using var signIn = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1081");
        signIn.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("1081:lab"u8));
        using var agent = await server.Client.SendAsync(signIn, ct);
        Assert.Equal(HttpStatusCode.OK, agent.StatusCode);
    }
}
