using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Taskroute.Core.Lab;
using Taskroute.Server.Hosting;

namespace Taskroute.Cli.Commands;

/// <summary><c>taskroute serve</c>: runs the whole system as one process on the built-in lab.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => ServerOptions.DefaultUrls };
        var data = new Option<string>("--data") { Description = "The data directory.", DefaultValueFactory = _ => "taskroute-data" };
        var command = new Command("serve", "Run the Taskroute server (on the built-in lab when no configuration is given).") { urls, data };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServerOptions { Urls = parse.GetValue(urls)!, DataDirectory = Path.GetFullPath(parse.GetValue(data)!) };
            var app = TaskrouteServer.Build(options, LabConfiguration.Create());
            await app.StartAsync(cancellationToken);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Console.WriteLine($"Taskroute is listening on {string.Join(", ", addresses)}");
            Console.WriteLine("Configuration: the built-in lab (MRD 5011, skill group 5199, agent 5172 / login 1080, script selector CumulusTask, task feed 100000, agents 1080 to 1089, chat and email MRDs)");
            Console.WriteLine($"Data directory: {options.DataDirectory}");
            Console.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
