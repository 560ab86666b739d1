using System.CommandLine;
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
return await root.Parse(args).InvokeAsync();
