using Microsoft.AspNetCore.Http;

namespace Taskroute.Server.Api;

/// <summary>
/// The <c>Idempotency-Key</c> header as both task APIs read it, on a single server and through a
/// cluster's front end, and the <c>Idempotent-Replayed</c> header they answer a retry with.
/// </summary>
internal static class IdempotencyKeyHeader
{
    /// <summary>Keys are remembered for a day, and a long one is memory an anonymous client chose.</summary>
    public const int MaxLength = 255;

    /// <summary>
    /// The request's key under its API and task feed (<see cref="Core.Flow.IdempotencyKeys.Scoped"/>),
    /// or null when it carries none; <paramref name="tooLong"/> says what is wrong with one past
    /// <see cref="MaxLength"/>.
    /// </summary>
    public static string? Read(HttpRequest request, string api, int feedId, out string? tooLong)
    {
        var key = request.Headers["Idempotency-Key"].ToString();
        tooLong = key.Length > MaxLength ? $"at most {MaxLength} characters (got {key.Length})" : null;
        return key.Length == 0 || tooLong is not null ? null : Core.Flow.IdempotencyKeys.Scoped(api, feedId, key);
    }

    public static void MarkReplayed(HttpResponse response) => response.Headers["Idempotent-Replayed"] = "true";
}
