namespace Taskroute.Server.Hosting;

/// <summary>How <c>taskroute serve</c> runs: where it listens and where its data lives.</summary>
public sealed class ServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public string Urls { get; set; } = DefaultUrls;
    public string DataDirectory { get; set; } = "taskroute-data";
    public string? ConfigFile { get; set; }
}
