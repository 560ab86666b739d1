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
                var (routing, accounts) = ConfigurationFile.LoadWithAccounts(file);
                var counts = new List<string>
                {
                    Count(routing.Mrds.Count, "MRD"), Count(routing.SkillGroups.Count, "skill group"), Count(routing.PrecisionQueues.Count, "precision queue"),
                    Count(routing.Agents.Count, "agent"), Count(routing.ScriptSelectors.Count, "script selector"), Count(routing.TaskFeeds.Count, "task feed"),
                };
                // Said only when listed: none listed means any code is taken, which the summary should not hide behind a zero.
                if (routing.NotReadyReasonCodes.Count > 0) counts.Add(Count(routing.NotReadyReasonCodes.Count, "Not Ready reason"));
                if (routing.LogoutReasonCodes.Count > 0) counts.Add(Count(routing.LogoutReasonCodes.Count, "sign-out reason"));
                if (accounts.Count > 0) counts.Add(Count(accounts.Count, "account"));
                Console.WriteLine($"{file}: valid ({string.Join(", ", counts)})");
                if (routing is { TimeZone: { } zone, TimeZoneOffsets: { Count: > 0 } offsets }) Console.WriteLine(ZoneLine(zone, offsets, DateTimeOffset.UtcNow));
                // Valid all the same (a file that ran before must keep starting), but worth fixing.
                foreach (var weak in WeakSecrets.Find(routing, accounts)) Console.Error.WriteLine("taskroute: warning: " + weak);
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

    // What an administrator checks before a summer-time change: the offset the rules give now and when it next moves.
    private static string ZoneLine(string zone, IReadOnlyList<ZoneOffset> offsets, DateTimeOffset now)
    {
        static string Utc(int minutes) => $"UTC{(minutes < 0 ? '-' : '+')}{Math.Abs(minutes) / 60:00}:{Math.Abs(minutes) % 60:00}";
        var current = offsets.LastOrDefault(o => o.From <= now) ?? offsets[0];
        var line = $"Time-of-day and day-of-week conditions read {zone}'s clock, as this machine's time zone database has it: now {Utc(current.OffsetMinutes)}";
        return offsets.FirstOrDefault(o => o.From > now) is { } next
            ? line + $"; from {next.From.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {Utc(next.OffsetMinutes)}"
            : line;
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
}
