using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Taskroute.Core.Configuration;

namespace Taskroute.Server.Api;

/// <summary>A task feed may require an API key, as the <c>X-Api-Key</c> header; a feed without one is open, as CCP's Task API is.</summary>
public static class FeedKey
{
    public static bool Accepts(TaskFeed feed, HttpRequest request)
    {
        if (string.IsNullOrEmpty(feed.ApiKey)) return true;
        var given = request.Headers["X-Api-Key"].ToString();
        // Constant time, so the key cannot be guessed a character at a time from response times.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(feed.ApiKey));
    }

    /// <summary>What a refused client is told, in either API's words.</summary>
    public static string Needed(TaskFeed feed) => $"task feed {feed.Id} needs its API key in the X-Api-Key header";

    /// <summary>The JSON APIs' 401 for a feed's missing or wrong key.</summary>
    public static IResult JsonRefusal(TaskFeed feed) =>
        Challenged(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: Needed(feed)));

    /// <summary>
    /// A 401 with the challenge HTTP requires of one (RFC 9110, 15.5.2): a client is told which
    /// header carries the key, as Basic's challenge tells it how to sign in.
    /// </summary>
    public static IResult Challenged(IResult refusal) => new WithChallenge(refusal);

    private sealed class WithChallenge(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
