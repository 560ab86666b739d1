using System.CommandLine;
using Spectre.Console;
using Taskroute.Cli.Output;
using Taskroute.Core.Engine;
using Taskroute.Core.Lab;

namespace Taskroute.Cli.Commands;

/// <summary><c>taskroute simulate</c>: runs the TechNote's task through the routing core on the built-in lab and prints every message.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per message instead of a table." };
        var command = new Command("simulate", "Run the TechNote's task through the routing core on the built-in lab and print every message between the modules.")
        {
            json,
        };
        command.SetAction(parse =>
        {
            var engine = new RoutingEngine(LabConfiguration.Create());
            var events = SeedScenario.Run(engine);
            if (parse.GetValue(json))
            {
                FlowTable.WriteJson(Console.Out, events);
                return 0;
            }
            var console = Cli.Console();
            console.MarkupLine("[bold]The TechNote's task on the built-in lab[/] (times at -05:00, as in the TechNote)");
            FlowTable.Write(console, events, SeedScenario.Offset);
            var contact = engine.FindContact(Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a"))!;
            console.MarkupLine($"{events.Count} messages; contact {contact.Id:D} is [bold]{contact.Status.ToString().ToLowerInvariant()}[/], task {contact.TaskId}, disposition {(int)contact.Disposition}.");
            return 0;
        });
        return command;
    }
}
