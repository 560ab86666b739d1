using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Taskroute.Server.Api;

/// <summary>
/// A plain endpoint that reads a request body and answers 201 without touching the engine or the
/// journal: the yardstick <c>taskroute bench</c> measures the task API against, in the same run.
/// </summary>
public static class BenchEndpoints
{
    public static IEndpointRouteBuilder MapBench(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/bench/plain", async (HttpRequest request, CancellationToken ct) =>
        {
            var buffer = new byte[4096];
            while (await request.Body.ReadAsync(buffer, ct) > 0)
            {
            }
            return Results.Created("/api/v1/bench/plain", new { ok = true });
        }).ExcludeFromDescription();
        return app;
    }
}
