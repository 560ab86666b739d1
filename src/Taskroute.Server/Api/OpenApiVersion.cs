using Microsoft.AspNetCore.OpenApi;

namespace Taskroute.Server.Api;

/// <summary>
/// The document's info.version is the build's (<c>1.0.0+&lt;commit&gt;</c>, as <c>taskroute --version</c>
/// says), not the framework's default "1.0.0" that every build gave: a client can tell which build it talks to.
/// </summary>
internal static class OpenApiVersion
{
    public static OpenApiOptions AddBuildVersion(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Version = Core.BuildVersion.Informational;
            return Task.CompletedTask;
        });
        return options;
    }
}
