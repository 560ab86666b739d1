using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Taskroute.Server.Hosting;

/// <summary>
/// The readiness answer's body: the status, and when not healthy, why. A load balancer reads only
/// the status code; the person who curls it after a page wants the reason without the server's log.
/// </summary>
internal static class ReadinessAnswer
{
    public static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var text = new StringBuilder(report.Status.ToString());
        if (report.Status != HealthStatus.Healthy)
        {
            var reasons = report.Entries.Values.Where(e => e.Status != HealthStatus.Healthy && !string.IsNullOrEmpty(e.Description)).Select(e => e.Description);
            var joined = string.Join("; ", reasons);
            if (joined.Length > 0) text.Append(": ").Append(joined);
        }
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
