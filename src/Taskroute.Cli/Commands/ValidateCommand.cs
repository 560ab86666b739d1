using System.CommandLine;
using Taskroute.Core.Configuration;
using Taskroute.Server.Configuration;

namespace Taskroute.Cli.Commands;

/// <summary><c>taskroute validate --config FILE</c>: checks a configuration file without starting anything.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "The configuration file, YAML or JSON.", Required = true };
        var command = new Command("validate", "Check a configuration file and name every problem in it.") { config };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(config)!;
            try
            {
                var routing = ConfigurationFile.Load(file);
                Console.WriteLine($"{file}: valid ({Count(routing.Mrds.Count, "MRD")}, {Count(routing.SkillGroups.Count, "skill group")}, {Count(routing.PrecisionQueues.Count, "precision queue")}, {Count(routing.Agents.Count, "agent")}, {Count(routing.ScriptSelectors.Count, "script selector")}, {Count(routing.TaskFeeds.Count, "task feed")})");
                return 0;
            }
            catch (InvalidConfigurationException ex)
            {
                return Cli.Fail($"invalid configuration in {file}:" + Environment.NewLine + string.Join(Environment.NewLine, ex.Errors.Select(e => "  " + e)));
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                return Cli.Fail(Cli.CannotRead("--config", file, ex));
            }
        });
        return command;
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
}
