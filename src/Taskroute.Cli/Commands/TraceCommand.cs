using System.CommandLine;
using System.Text.Json;
using Taskroute.Cli.Output;
using Taskroute.Cli.Remote;
using Taskroute.Core.Configuration;
using Taskroute.Core.Lab;
using Taskroute.Server.Api.Traces;
using Taskroute.Server.Configuration;
using Taskroute.Server.Tracing;
using Taskroute.Storage.Index;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Cli.Commands;

/// <summary>
/// <c>taskroute trace ID</c>: a task's journey through every module, by any of its ids, from a
/// running server or straight from a data directory; or an agent's tasks in a time window.
/// </summary>
internal static class TraceCommand
{
    // Output for a terminal or a file, never a web page: times keep their '+' (not \u002B), as analyze writes them.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "A SocialContact id, DialogueID, task id (day:key:seq, day/key/seq or day_key_seq), or an agent's login id / ICM agent id (with --from/--to, or as agent:N)." };
        var server = new Option<string?>("--server") { Description = $"The server to ask (default ${ServerClient.ServerVariable}, else {ServerClient.DefaultServer})." };
        var data = new Option<string?>("--data") { Description = "Read the journal in this data directory instead of asking a server." };
        var config = new Option<string?>("--config") { Description = "With --data: the configuration file the server ran (for agents' login ids); default the one it last ran under, which the data directory keeps (the built-in lab for a data directory from before 2026-12-07)." };
        var json = new Option<bool>("--json") { Description = "Print JSON for machines instead of tables." };
        var user = new Option<string?>("--user") { Description = "A supervisor or administrator (default $TASKROUTE_USER)." };
        var password = new Option<string?>("--password") { Description = "Its password (default $TASKROUTE_PASSWORD)." };
        var from = new Option<string?>("--from") { Description = "For an agent: the window's start, ISO 8601 or Unix milliseconds (default 24 hours before --to)." };
        var to = new Option<string?>("--to") { Description = "For an agent: the window's end (default now)." };
        var limit = new Option<int>("--limit") { Description = "For an agent: at most this many tasks (1 to 1000).", DefaultValueFactory = _ => 200 };
        var utc = new Option<bool>("--utc") { Description = "Show times in UTC rather than this machine's local time." };
        var command = new Command("trace", "Follow a task through every module: its messages in order, the routing decision, agent state changes, CCE's timings and what is missing.")
        {
            id, server, data, config, json, user, password, from, to, limit, utc,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var text = parse.GetValue(id)!;
            // Each time with the offset of its own instant, not today's: a trace from before a clock change reads as the clocks showed then.
            var zone = parse.GetValue(utc) ? TimeZoneInfo.Utc : TimeZoneInfo.Local;
            try
            {
                object answer;
                if (parse.GetValue(data) is { } directory)
                {
                    if (parse.GetValue(server) is not null) return Cli.Fail("give either --server or --data, not both");
                    if (!TraceQuery.TryParseTime(parse.GetValue(from), out var since)) return Cli.Fail($"--from: '{parse.GetValue(from)}' is neither ISO 8601 nor Unix milliseconds");
                    if (!TraceQuery.TryParseTime(parse.GetValue(to), out var until)) return Cli.Fail($"--to: '{parse.GetValue(to)}' is neither ISO 8601 nor Unix milliseconds");
                    var path = Path.Combine(directory, "journal.db");
                    if (!File.Exists(path)) return Cli.Fail($"no journal at {path}: is {directory} a Taskroute data directory?");
                    if (!OfflineDataDirectory.TryHold(directory, "trace", out var held, out var why)) return Cli.Fail(why!);
                    using var holding = held;
                    RoutingConfiguration configuration;
                    try
                    {
                        configuration = parse.GetValue(config) is { } file ? ConfigurationFile.Load(file) : new Server.Hosting.ConfigurationArchive(directory).Running() ?? LabConfiguration.Create();
                    }
                    catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
                    {
                        return Cli.Fail(Cli.CannotRead("--config", parse.GetValue(config)!, ex));
                    }
                    using var journal = new SqliteJournal(path);
                    // The server keeps the index current while it runs; without one, bring it up to date here.
                    using var index = DerivedFile.Open(Path.Combine(directory, "trace-index.db"), file => new TraceIndex(file), note => Console.Error.WriteLine("taskroute: " + note));
                    if (index.DiscardUnlessOf(journal) is { } misfit) Console.Error.WriteLine($"taskroute: the trace index was not built from this journal ({misfit}): rebuilding it");
                    index.CatchUp(journal);
                    var archive = new Server.Hosting.ConfigurationArchive(directory);
                    var result = TraceQuery.Answer(new TraceStore(journal, index, () => configuration, () => true, earlier: archive.All), text, since, until, parse.GetValue(limit), DateTimeOffset.UtcNow);
                    switch (result)
                    {
                        case TraceAnswer.Task t: answer = t.Trace; break;
                        case TraceAnswer.Agent a: answer = a.List; break;
                        case TraceAnswer.NotFound n: Console.Error.WriteLine("taskroute: " + n.Detail); return 1;
                        case TraceAnswer.Invalid i: return Cli.Fail(i.Detail);
                        default: throw new InvalidOperationException("unknown trace answer");
                    }
                }
                else
                {
                    using var client = new ServerClient(parse.GetValue(server), parse.GetValue(user), parse.GetValue(password));
                    var query = new List<string>();
                    if (parse.GetValue(from) is { } f) query.Add("from=" + Uri.EscapeDataString(f));
                    if (parse.GetValue(to) is { } u) query.Add("to=" + Uri.EscapeDataString(u));
                    query.Add("limit=" + parse.GetValue(limit));
                    var element = await client.GetJsonAsync($"api/v1/traces/{Uri.EscapeDataString(text)}?{string.Join('&', query)}");
                    answer = element.TryGetProperty("tasks", out _)
                        ? element.Deserialize<AgentTraceList>(Json)!
                        : element.Deserialize<TraceResource>(Json)!;
                }

                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(answer, answer.GetType(), Json));
                    return 0;
                }
                var console = Cli.Console();
                if (answer is TraceResource trace) TraceView.Write(console, trace, zone);
                else TraceView.Write(console, (AgentTraceList)answer, zone);
                return 0;
            }
            catch (ServerException ex)
            {
                Console.Error.WriteLine("taskroute: " + ex.Message);
                return ex.Status == 404 ? 1 : 2;
            }
            catch (InvalidConfigurationException ex)
            {
                return Cli.Fail("invalid configuration: " + string.Join("; ", ex.Errors));
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                return Cli.Fail($"cannot read the data directory's journal or trace index: {ex.Message}");
            }
        });
        return command;
    }
}
