using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using Spectre.Console;
using Taskroute.Cli.Remote;
using Taskroute.Logs;

namespace Taskroute.Cli.Commands;

/// <summary>
/// <c>taskroute logs list|get|level</c>: the component logs, as CCE's <c>file list activelog</c>,
/// <c>file get activelog</c> and <c>utils finesse log configuration update</c> handle them, from a
/// running server or straight from a data directory.
/// </summary>
internal static class LogsCommand
{
    private static readonly string Components = string.Join(", ", ComponentLogNames.All.Select(ComponentLogNames.Of));

    private sealed record Source(Option<string?> Server, Option<string?> Data, Option<string?> User, Option<string?> Password);

    public static Command Create()
    {
        var source = new Source(
            new Option<string?>("--server") { Description = $"The server to ask (default ${ServerClient.ServerVariable}, else {ServerClient.DefaultServer})." },
            new Option<string?>("--data") { Description = "Work on this data directory's logs instead of asking a server." },
            new Option<string?>("--user") { Description = "A supervisor, or an administrator to change levels (default $TASKROUTE_USER)." },
            new Option<string?>("--password") { Description = "Its password (default $TASKROUTE_PASSWORD)." });
        return new Command("logs", $"The components' logs ({Components}): list them, fetch them, change their levels at run time.")
        {
            List(source), Get(source), Level(source),
        };
    }

    private static void AddSource(Command command, Source source)
    {
        command.Add(source.Server);
        command.Add(source.Data);
        command.Add(source.User);
        command.Add(source.Password);
    }

    private static Command List(Source source)
    {
        var component = new Argument<string?>("COMPONENT") { Description = $"One of {Components}; all when left out.", Arity = ArgumentArity.ZeroOrOne };
        var recurs = new Option<bool>("--recurs") { Description = "Include subfolders." };
        var command = new Command("list", "List the log files, as `file list activelog` does.") { component, recurs };
        AddSource(command, source);
        command.SetAction(async (parse, cancellation) => await Run(async () =>
        {
            if (Conflict(parse, source) is { } conflict) return Cli.Fail(conflict);
            var one = parse.GetValue(component) is { } name && !IsAll(name) ? ComponentLogNames.ParseComponent(name) : (ComponentLog?)null;
            IReadOnlyList<(string Component, string Level, string Path, long Size, DateTimeOffset Modified)> rows;
            if (parse.GetValue(source.Data) is { } data)
            {
                var directory = LogsDirectory(data);
                var levels = new ComponentLogWriter(new ComponentLogSettings { Directory = directory, FlushInterval = TimeSpan.Zero });
                using (levels)
                {
                    rows = [.. LogFileSelection.List(directory, one, parse.GetValue(recurs)).Select(f => (ComponentLogNames.Of(f.Component), levels.LevelOf(f.Component).ToString(), f.RelativePath, f.Size, f.Modified))];
                }
            }
            else
            {
                using var client = Client(parse, source);
                var components = one is { } c
                    ? [await client.GetJsonAsync($"api/v1/logs/{ComponentLogNames.Of(c)}?recurs={parse.GetValue(recurs).ToString().ToLowerInvariant()}")]
                    : (await client.GetJsonAsync($"api/v1/logs?recurs={parse.GetValue(recurs).ToString().ToLowerInvariant()}")).EnumerateArray().ToList();
                rows = [.. components.SelectMany(c => c.GetProperty("files").EnumerateArray().Select(f => (
                    c.GetProperty("component").GetString()!, c.GetProperty("level").GetString()!, c.GetProperty("component").GetString() + "/" + f.GetProperty("path").GetString(),
                    f.GetProperty("size").GetInt64(), f.GetProperty("modified").GetDateTimeOffset())))];
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("component").AddColumn("level").AddColumn("file").AddColumn(new TableColumn("size").RightAligned()).AddColumn("modified");
            foreach (var row in rows)
                table.AddRow(row.Component, row.Level, Markup.Escape(row.Path), row.Size.ToString("N0", CultureInfo.InvariantCulture), row.Modified.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            Console().Write(table);
            System.Console.WriteLine($"dir count = {rows.Select(r => r.Component).Distinct().Count()}, file count = {rows.Count}");
            return 0;
        }));
        return command;
    }

    private static Command Get(Source source)
    {
        var component = new Argument<string>("COMPONENT") { Description = $"One of {Components}, or all." };
        var reltime = new Option<string[]>("--reltime") { Description = "UNIT N: files modified in the last N months, weeks, days, hours or minutes.", Arity = new ArgumentArity(1, 2), AllowMultipleArgumentsPerToken = true };
        var abstime = new Option<string[]>("--abstime") { Description = "FROM TO, each hh:mm:MM/DD/YY: files modified between them (the server's local time, as VOS reads them).", Arity = new ArgumentArity(1, 2), AllowMultipleArgumentsPerToken = true };
        var match = new Option<string?>("--match") { Description = "A regular expression the file names must match." };
        var recurs = new Option<bool>("--recurs") { Description = "Include subfolders." };
        var compress = new Option<bool>("--compress") { Description = "Put the files in one .zip." };
        var output = new Option<string>("--out") { Description = "Where to put them (default ./taskroute-logs).", DefaultValueFactory = _ => "taskroute-logs" };
        var command = new Command("get", "Fetch log files, as `file get activelog` does.") { component, reltime, abstime, match, recurs, compress, output };
        AddSource(command, source);
        command.SetAction(async (parse, cancellation) => await Run(async () =>
        {
            if (Conflict(parse, source) is { } conflict) return Cli.Fail(conflict);
            var name = parse.GetValue(component)!;
            var one = IsAll(name) ? (ComponentLog?)null : ComponentLogNames.ParseComponent(name);
            // "minutes 30" in one quoted argument, as the HTTP API's query writes it, is the same as two.
            var rel = SplitOne(parse.GetValue(reltime));
            var abs = SplitOne(parse.GetValue(abstime));
            if (rel is { Length: > 0 } && abs is { Length: > 0 }) throw new ComponentLogException("give --reltime or --abstime, not both");
            // One value taken, the other left out: said in the option's own terms, not as a missing argument.
            if (rel is { Length: 1 }) throw new ComponentLogException($"--reltime takes a unit and a number, as in --reltime minutes 30 (months, weeks, days, hours or minutes; got '{rel[0]}' alone)");
            if (abs is { Length: 1 }) throw new ComponentLogException($"--abstime takes two times, FROM and TO, each hh:mm:MM/DD/YY, as in --abstime 08:00:01/30/24 09:00:01/30/24 (got '{abs[0]}' alone)");
            var regex = parse.GetValue(match);
            var now = DateTimeOffset.UtcNow;
            var query = (rel is { Length: 2 } ? LogFileSelection.Relative(rel[0], rel[1], now)
                : abs is { Length: 2 } ? LogFileSelection.Absolute(abs[0], abs[1], TimeZoneInfo.Local.GetUtcOffset(now))
                : new LogFileQuery()) with { Match = regex is null ? null : LogFileSelection.Match(regex), Recurs = parse.GetValue(recurs) };
            var outDirectory = Path.GetFullPath(parse.GetValue(output)!);
            // Before anything is read or fetched: a place that cannot take the files would otherwise
            // be found out only once they are in hand, and said in .NET's words.
            if (Unwritable(outDirectory) is { } unwritable) return Cli.Fail(unwritable);

            IReadOnlyList<string> written;
            if (parse.GetValue(source.Data) is { } data)
            {
                var chosen = LogFileSelection.Select(LogsDirectory(data), one, query);
                written = chosen.Count == 0 ? [] : LogFileSelection.Copy(chosen, outDirectory, parse.GetValue(compress), now);
            }
            else
            {
                using var client = Client(parse, source);
                var staging = Directory.CreateTempSubdirectory("taskroute-logs-").FullName;
                try
                {
                    var files = new List<LogFileEntry>();
                    foreach (var c in one is { } single ? [single] : ComponentLogNames.All)
                    {
                        var componentName = ComponentLogNames.Of(c);
                        var parameters = new List<string> { "recurs=" + query.Recurs.ToString().ToLowerInvariant() };
                        if (rel is { Length: 2 }) parameters.Add("reltime=" + Uri.EscapeDataString($"{rel[0]} {rel[1]}"));
                        if (abs is { Length: 2 }) parameters.Add("abstime=" + Uri.EscapeDataString($"{abs[0]} {abs[1]}"));
                        if (regex is not null) parameters.Add("match=" + Uri.EscapeDataString(regex));
                        var listing = await client.GetJsonAsync($"api/v1/logs/{componentName}?{string.Join('&', parameters)}");
                        foreach (var file in listing.GetProperty("files").EnumerateArray())
                        {
                            var path = file.GetProperty("path").GetString()!;
                            // The listing is the server's word: a path that is rooted or climbs out of the
                            // component's folder would write wherever the server (or whoever is in between) says.
                            var folder = Path.GetFullPath(Path.Combine(staging, componentName)) + Path.DirectorySeparatorChar;
                            var local = Path.GetFullPath(Path.Combine(folder, path));
                            if (Path.IsPathRooted(path) || !local.StartsWith(folder, StringComparison.Ordinal))
                                throw new ComponentLogException($"the server listed a file outside the {componentName} logs ('{path}'); nothing was written");
                            PrivateFiles.CreateDirectory(Path.GetDirectoryName(local)!);
                            using (var response = await client.SendAsync(HttpMethod.Get, $"api/v1/logs/{componentName}/files/{path}"))
                            await using (var target = PrivateFiles.Create(local))
                                await response.Content.CopyToAsync(target, cancellation);
                            files.Add(new LogFileEntry(c, local, componentName + "/" + path, new FileInfo(local).Length, file.GetProperty("modified").GetDateTimeOffset()));
                        }
                    }
                    written = files.Count == 0 ? [] : LogFileSelection.Copy(files, outDirectory, parse.GetValue(compress), now);
                }
                finally
                {
                    Directory.Delete(staging, recursive: true);
                }
            }
            foreach (var file in written) System.Console.WriteLine(file);
            System.Console.WriteLine(written.Count == 0 ? "No files matched." : $"{written.Count} file(s) in {outDirectory}");
            return 0;
        }));
        return command;
    }

    private static Command Level(Source source)
    {
        var component = new Argument<string>("COMPONENT") { Description = $"One of {Components}." };
        var level = new Argument<string>("LEVEL") { Description = "OFF, ERROR, WARN, INFO (the default), DEBUG or TRACE." };
        var command = new Command("level", "Change a component's log level now, without a restart (administrators).") { component, level };
        AddSource(command, source);
        command.SetAction(async (parse, cancellation) => await Run(async () =>
        {
            if (Conflict(parse, source) is { } conflict) return Cli.Fail(conflict);
            var c = ComponentLogNames.ParseComponent(parse.GetValue(component)!);
            var l = ComponentLogNames.ParseLevel(parse.GetValue(level)!);
            if (parse.GetValue(source.Data) is { } data)
            {
                var logs = LogsDirectory(data);
                using var writer = new ComponentLogWriter(new ComponentLogSettings { Directory = logs, FlushInterval = TimeSpan.Zero });
                try
                {
                    writer.SetLevel(c, l);
                }
                catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
                {
                    return Cli.Fail(Cli.CannotWrite("--data", Path.Combine(logs, "levels.json"), ex));
                }
                System.Console.WriteLine($"{ComponentLogNames.Of(c)}: {l} (kept in {logs}; a server running on it takes it at its next start; use --server to change it now)");
                return 0;
            }
            using var client = Client(parse, source);
            var answer = await client.SendJsonAsync(HttpMethod.Put, $"api/v1/logs/{ComponentLogNames.Of(c)}/level", JsonContent.Create(new { level = l.ToString() }));
            System.Console.WriteLine($"{answer.GetProperty("component").GetString()}: {answer.GetProperty("level").GetString()}");
            return 0;
        }));
        return command;
    }

    private static bool IsAll(string name) => name is "all" or "*";

    private static string LogsDirectory(string data)
    {
        if (!Directory.Exists(data)) throw new ComponentLogException($"--data: no data directory at {data}");
        var logs = Path.Combine(data, "logs");
        // Any other folder would list as empty, and a level set there would make a logs folder in it.
        if (!Directory.Exists(logs) && !File.Exists(Path.Combine(data, "journal.db")))
            throw new ComponentLogException($"--data: {data} is not a Taskroute data directory (it holds neither a journal nor logs)");
        return logs;
    }

    // As trace and report: a command that named both would read one and pass over the other.
    private static string? Conflict(ParseResult parse, Source source) =>
        parse.GetValue(source.Data) is not null && parse.GetValue(source.Server) is not null ? "give either --server or --data, not both" : null;

    /// <summary>Why the files cannot be put in <paramref name="directory"/>, or null once it is there and takes a file.</summary>
    private static string? Unwritable(string directory)
    {
        if (File.Exists(directory)) return $"--out: {directory} is a file, not a directory";
        // What the check makes it takes away again: the copy makes the folder once there are files for it.
        var firstMade = directory;
        while (Path.GetDirectoryName(firstMade) is { } parent && !Directory.Exists(parent)) firstMade = parent;
        var made = !Directory.Exists(directory);
        try
        {
            Directory.CreateDirectory(directory);
            using (File.Create(Path.Combine(directory, $".taskroute-{Guid.NewGuid():N}"), 1, FileOptions.DeleteOnClose))
            {
            }
            if (made) Directory.Delete(firstMade, recursive: true);
            return null;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return Cli.CannotWrite("--out", directory, ex);
        }
    }

    private static ServerClient Client(ParseResult parse, Source source) =>
        new(parse.GetValue(source.Server), parse.GetValue(source.User), parse.GetValue(source.Password));

    private static IAnsiConsole Console()
    {
        if (!System.Console.IsOutputRedirected) return AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out), ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = 200;
        return console;
    }

    private static string[]? SplitOne(string[]? values) =>
        values is [var one] && one.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: 2 } two ? two : values;

    private static async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ComponentLogException ex)
        {
            return Cli.Fail(ex.Message);
        }
        catch (ServerException ex)
        {
            System.Console.Error.WriteLine("taskroute: " + ex.Message);
            return ex.Status == 404 ? 1 : 2;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Cli.Fail(ex.Message);
        }
    }
}
