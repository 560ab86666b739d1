using System.CommandLine;
using Taskroute.Cli;
using Taskroute.Cli.Commands;

var root = new RootCommand("Taskroute: task routing for contact centres, after Cisco UCCE Task Routing.")
{
    ServeCommand.Create(),
    SimulateCommand.Create(),
    ValidateCommand.Create(),
    BenchCommand.Create(),
    HashPasswordCommand.Create(),
    TraceCommand.Create(),
    LogsCommand.Create(),
    AnalyzeCommand.Create(),
    ReportCommand.Create(),
    ConfigCommand.Create(),
};
// Alone, the command shows what it can do rather than a missing command's error.
var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
// --help clears the parser's errors: `taskroute export --help` would show the root's help and
// exit 0, as if export were a command. A word the parser did not take is an error all the same.
// SIGTERM is the host's to handle (serve drains the requests it has received, which a silo's
// moving domains can take several seconds to answer): System.CommandLine must not end the process
// after a grace of its own. 2.0.0 leaves it unset, and later versions bring back a 2-second one.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return parse.Errors.Count > 0 || parse.UnmatchedTokens.Count > 0 ? ParseErrors.Report(parse) : await parse.InvokeAsync(invocation);
