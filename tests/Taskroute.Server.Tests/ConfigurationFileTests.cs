using System.Diagnostics;
using Taskroute.Core.Configuration;
using Taskroute.Core.Lab;
using Taskroute.Server.Configuration;

namespace Taskroute.Server.Tests;

public class ConfigurationFileTests
{
    private static string Example => Path.Combine(RepositoryRoot(), "docs", "examples", "taskroute.yaml");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Taskroute.slnx"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void The_documented_example_loads_and_matches_the_labs_shape()
    {
        var config = ConfigurationFile.Load(Example);
        var lab = LabConfiguration.Create();
        Assert.Equal(lab.Mrds.Select(m => (m.Id, m.MaxTasksPerAgent, m.Interruptible)), config.Mrds.Select(m => (m.Id, m.MaxTasksPerAgent, m.Interruptible)));
        Assert.Equal(lab.SkillGroups.Select(g => g.Id), config.SkillGroups.Select(g => g.Id));
        Assert.Equal("CumulusTask", config.ScriptSelectors[0].Name);
        Assert.Equal(5172, config.Agents[0].Id);
        Assert.Equal("true", config.Agents[1].Attributes["Spanish"]);
        Assert.Equal(6, config.Agents[0].SkillLevel(5201));
    }

    [Fact]
    public void Json_with_the_same_keys_loads_too()
    {
        var config = ConfigurationFile.Parse("""
            { "mrds": [ { "id": 1, "name": "Chat", "maxTasksPerAgent": 2 } ],
              "skillGroups": [ { "id": 10, "name": "G", "mrdId": 1 } ],
              "agents": [ { "id": 100, "loginId": 1000, "skillGroups": [10] } ],
              "scriptSelectors": [ { "name": "S", "mrdId": 1, "script": [ { "queue": { "skillGroups": [10], "selection": "roundRobin" } }, { "wait": 30 }, { "reject": "busy" } ] } ],
              "taskFeeds": [ { "id": 1, "name": "f", "defaultScriptSelector": "S" } ] }
            """, isYaml: false);
        Assert.Equal(3, config.ScriptSelectors[0].Script.Count);
    }

    [Theory]
    [InlineData("mrds:\n  - id: one\n", "mrds[0].id", "whole number")]
    [InlineData("mrds:\n  - id: 1\n    nme: x\n", "mrds[0].nme", "unknown field")]
    [InlineData("mrds:\n  - id: 1\n    name: M\n    maxTasksPerAgent: 12\n", "mrds[0].maxTasksPerAgent", "1 to 10")]
    [InlineData("mrds: [\n", "line 2", "not valid YAML")]
    [InlineData("mrds:\n  - { id: 1, name: M }\nscriptSelectors:\n  - name: S\n    mrdId: 1\n    script:\n      - jump: 3\n", "scriptSelectors[0].script[0]", "unknown script node")]
    public void A_bad_file_gets_a_message_naming_the_field(string yaml, string path, string message)
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse(yaml, isYaml: true));
        var error = Assert.Single(ex.Errors, e => e.Path == path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_cli_validates_a_file_and_exits_non_zero_naming_the_problem()
    {
        var bad = Path.GetTempFileName() + ".yaml";
        File.WriteAllText(bad, "mrds:\n  - id: 1\n    name: M\n    maxTasksPerAgent: 0\n");
        try
        {
            var (code, output) = RunCli("validate", "--config", bad);
            Assert.Equal(2, code);
            Assert.Contains("mrds[0].maxTasksPerAgent: must be 1 to 10 (got 0)", output);
            Assert.DoesNotContain("   at ", output); // no stack trace

            (code, output) = RunCli("validate", "--config", Example);
            Assert.Equal(0, code);
            Assert.Contains("valid", output);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    internal static (int Code, string Output) RunCli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "taskroute.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
