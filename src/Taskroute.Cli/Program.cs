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
};
// Alone, the command shows what it can do rather than a missing command's error.
var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
return parse.Errors.Count > 0 ? ParseErrors.Report(parse) : await parse.InvokeAsync();
