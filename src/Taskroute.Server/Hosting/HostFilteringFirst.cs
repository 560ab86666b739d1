using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Taskroute.Server.Hosting;

/// <summary>
/// Puts ASP.NET Core's host filtering before everything else in both pipelines (the single server's
/// and a cluster's front end): a request whose <c>Host</c> is not allowed is refused before any
/// endpoint can echo it into a <c>Location</c> or a CCP <c>refURL</c>.
/// </summary>
internal sealed class HostFilteringFirst : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseHostFiltering();
        next(app);
    };
}
