using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using Taskroute.Cli.Remote;

namespace Taskroute.Cli.Commands;

/// <summary>
/// <c>taskroute config show|apply</c>: the configuration a running server runs under, and a change
/// to it without a restart (<c>/api/v1/configuration</c>, administrators).
/// </summary>
internal static class ConfigCommand
{
    private sealed record Source(Option<string?> Server, Option<string?> User, Option<string?> Password);

    public static Command Create()
    {
        var source = new Source(
            new Option<string?>("--server") { Description = $"The server (default ${ServerClient.ServerVariable}, else {ServerClient.DefaultServer})." },
            new Option<string?>("--user") { Description = "An administrator (default $TASKROUTE_USER)." },
            new Option<string?>("--password") { Description = "Its password (default $TASKROUTE_PASSWORD)." });
        return new Command("config", "The configuration a running server runs under: show it, or change it without a restart.")
        {
            Show(source), Apply(source),
        };
    }

    private static Command Show(Source source)
    {
        var command = new Command("show", "Print the running configuration as a JSON configuration file (what --config reads), to edit and apply.");
        Add(command, source);
        command.SetAction(async (parse, cancellation) => await Run(async () =>
        {
            using var client = Client(parse, source);
            using var response = await client.SendAsync(HttpMethod.Get, "api/v1/configuration");
            Console.WriteLine(await response.Content.ReadAsStringAsync(cancellation));
            return 0;
        }));
        return command;
    }

    private static Command Apply(Source source)
    {
        var file = new Argument<string>("FILE") { Description = "The whole configuration file, YAML (.yaml, .yml) or JSON." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say what the change would do, against the running configuration and its open work; change nothing." };
        var command = new Command("apply", "Run under FILE from now on: open work carries over; what has no place in it is named and nothing changes. Says what changed.") { file, dryRun };
        Add(command, source);
        command.SetAction(async (parse, cancellation) => await Run(async () =>
        {
            var path = parse.GetValue(file)!;
            var dry = parse.GetValue(dryRun);
            if (!File.Exists(path)) return Cli.Fail($"no file '{path}'");
            var yaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
            using var client = Client(parse, source);
            var content = new StringContent(await File.ReadAllTextAsync(path, cancellation), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue(yaml ? "application/yaml" : "application/json") { CharSet = "utf-8" };
            var answer = await client.SendJsonAsync(HttpMethod.Put, dry ? "api/v1/configuration?dryRun=true" : "api/v1/configuration", content);
            var hash = answer.GetProperty("hash").GetString();
            var changed = answer.GetProperty("changed").GetBoolean();
            var accountsChanged = answer.GetProperty("accountsChanged").GetBoolean();
            var counts = $"{answer.GetProperty("agents").GetInt32()} agents, {answer.GetProperty("mrds").GetInt32()} MRDs, {answer.GetProperty("scriptSelectors").GetInt32()} script selectors";
            if (dry)
            {
                var accountsWould = accountsChanged ? $" The file's accounts ({answer.GetProperty("accounts").GetInt32()}) would replace the server's until it stops." : "";
                Console.WriteLine(changed
                    ? $"Dry run: the server would take {path} (configuration {hash}, now {answer.GetProperty("previous").GetString()}): {counts}; open work has a place in it. Nothing was changed.{accountsWould}"
                    : $"Dry run: the server already runs under this configuration ({hash}).{(accountsWould.Length > 0 ? accountsWould : " Nothing would change.")}");
            }
            else
            {
                var accounts = accountsChanged ? $" The file's accounts ({answer.GetProperty("accounts").GetInt32()}) replace the server's until it stops." : "";
                Console.WriteLine(changed
                    ? $"The server runs under {path} from now on (configuration {hash}, was {answer.GetProperty("previous").GetString()}): {counts}.{accounts}"
                    : accounts.Length > 0 ? $"The server already runs under this configuration ({hash}); only the accounts changed.{accounts}"
                    : $"The server already runs under this configuration ({hash}); nothing changed.");
            }
            if (answer.TryGetProperty("changes", out var changes))
                foreach (var line in changes.EnumerateArray()) Console.WriteLine("  " + line.GetString());
            return 0;
        }));
        return command;
    }

    private static void Add(Command command, Source source)
    {
        command.Add(source.Server);
        command.Add(source.User);
        command.Add(source.Password);
    }

    private static ServerClient Client(ParseResult parse, Source source) =>
        new(parse.GetValue(source.Server), parse.GetValue(source.User), parse.GetValue(source.Password), labAccount: "admin");

    private static async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ServerException ex)
        {
            Console.Error.WriteLine("taskroute: " + ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Cli.Fail(ex.Message);
        }
    }
}
