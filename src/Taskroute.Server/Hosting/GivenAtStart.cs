using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;

namespace Taskroute.Server.Hosting;

/// <summary>
/// The hash of the configuration the last start was given (<c>given-configuration.sha256</c> in the
/// data directory). A configuration changed while a server runs is journaled; the next start given
/// the same file as before keeps the changed one instead of going back to the file, while a start
/// given another file applies it. A time zone's clock is left out of the hash: a tzdata update
/// between two starts given the same file must not undo a change made while the server ran.
/// </summary>
public static class GivenAtStart
{
    public const string FileName = "given-configuration.sha256";

    /// <summary>Whether <paramref name="configuration"/> is the one the last start was given.</summary>
    public static bool Same(string dataDirectory, RoutingConfiguration configuration)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) && string.Equals(File.ReadAllText(path).Trim(), RoutingEngine.ConfigurationHashAsWritten(configuration), StringComparison.OrdinalIgnoreCase);
    }

    public static void Remember(string dataDirectory, RoutingConfiguration configuration)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var written = path + ".tmp";
        File.WriteAllText(written, RoutingEngine.ConfigurationHashAsWritten(configuration) + "\n");
        File.Move(written, path, overwrite: true);
    }
}
