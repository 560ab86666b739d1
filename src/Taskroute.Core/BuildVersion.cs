using System.Reflection;

namespace Taskroute.Core;

/// <summary>
/// This build's version as <c>taskroute --version</c> prints it (<c>1.0.0+&lt;commit&gt;</c>): the
/// commit is what tells two builds apart, since the number does not change between them. Every
/// assembly of one build carries the same, so the core's is the build's wherever it is asked for.
/// </summary>
public static class BuildVersion
{
    public static string Informational { get; } =
        typeof(BuildVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(BuildVersion).Assembly.GetName().Version?.ToString() ?? "unknown";
}
