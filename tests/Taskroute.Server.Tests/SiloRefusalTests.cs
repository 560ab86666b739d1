using System.Globalization;

namespace Taskroute.Server.Tests;

/// <summary>
/// What <c>taskroute serve --cluster postgres</c> refuses before it tries its database: settings a
/// silo would pass over, and ports or domains given twice. One line, exit code 2, nothing started.
/// The database named cannot be reached, so a silo that went on would fail later, saying something else.
/// </summary>
public class SiloRefusalTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z";

    private static string Port() => FreePort.Next().ToString(CultureInfo.InvariantCulture);

    private static void AssertRefused(CliRun run, string expected)
    {
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}: {run.Out}{run.Error}");
        Assert.Equal("taskroute: " + expected, run.Error.TrimEnd());
        Assert.Equal("", run.Out);
    }

    [Theory]
    [InlineData("--config", "docs/examples/taskroute.yaml", "--config (Taskroute:ConfigFile): not with --cluster; in a cluster each domain takes its configuration file from --domains name=file")]
    [InlineData("--data", "silo-data", "--data (Taskroute:DataDirectory): not with --cluster; a silo keeps nothing on disk: journals and membership are in PostgreSQL (--connection)")]
    [InlineData("--storage", "postgres", "--storage (Taskroute:Storage): not with --cluster; a cluster's journals are always in PostgreSQL (--connection)")]
    [InlineData("--report-interval", "15", "--report-interval (Taskroute:ReportIntervalMinutes): not with --cluster; a cluster keeps no reports yet (docs/operations.md, Running a cluster)")]
    public async Task A_silo_refuses_a_single_servers_option_instead_of_starting_without_it(string option, string value, string says)
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string>(),
            ["serve", "--cluster", "postgres", "--connection", Unreachable, "--silo-port", Port(), "--gateway-port", Port(), "--urls", "http://127.0.0.1:0", option, value],
            CliRun.RepositoryRoot());
        AssertRefused(run, says);
    }

    [Fact]
    public async Task A_silo_refuses_a_configuration_file_given_in_the_environment_too()
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__ConfigFile"] = "docs/examples/taskroute.yaml" },
            ["serve", "--cluster", "postgres", "--connection", Unreachable, "--silo-port", Port(), "--gateway-port", Port(), "--urls", "http://127.0.0.1:0"],
            CliRun.RepositoryRoot());
        AssertRefused(run, "--config (Taskroute:ConfigFile): not with --cluster; in a cluster each domain takes its configuration file from --domains name=file");
    }

    [Fact]
    public async Task A_silo_refuses_presence_settings_it_would_pass_over()
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__PresenceTimeoutSeconds"] = "5" },
            ["serve", "--cluster", "postgres", "--connection", Unreachable, "--silo-port", Port(), "--gateway-port", Port(), "--urls", "http://127.0.0.1:0"],
            CliRun.RepositoryRoot());
        AssertRefused(run, "Taskroute:PresenceTimeoutSeconds (Taskroute__PresenceTimeoutSeconds): not with --cluster; a cluster signs out no agent for want of a desktop yet (docs/operations.md, Running a cluster)");
    }

    [Fact]
    public async Task A_silo_refuses_one_port_for_both_its_silo_and_its_gateway()
    {
        var port = Port();
        var run = await CliRun.RunAsync("serve", "--cluster", "postgres", "--connection", Unreachable, "--silo-port", port, "--gateway-port", port, "--urls", "http://127.0.0.1:0");
        AssertRefused(run, $"--silo-port and --gateway-port: both {port}; give the gateway a port of its own (default 30000)");
    }

    [Theory]
    [InlineData("east,east")]
    [InlineData("east, east=docs/examples/taskroute.yaml")]
    public async Task A_silo_refuses_a_domain_named_twice(string domains)
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string>(),
            ["serve", "--cluster", "postgres", "--connection", Unreachable, "--silo-port", Port(), "--gateway-port", Port(), "--urls", "http://127.0.0.1:0", "--domains", domains],
            CliRun.RepositoryRoot());
        AssertRefused(run, "--domains: domain 'east' is named twice; name each domain once");
    }
}
