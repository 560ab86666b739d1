using Microsoft.AspNetCore.OpenApi;

namespace Taskroute.Server.Api;

/// <summary>
/// The document's server URL without its trailing slash: a client joins it with paths that begin
/// with one, and "http://host//api/v1/tasks" is another resource to some proxies.
/// </summary>
internal static class OpenApiServers
{
    public static OpenApiOptions AddServerUrlsWithoutTrailingSlash(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            foreach (var server in document.Servers ?? [])
                if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
            return Task.CompletedTask;
        });
        return options;
    }
}
