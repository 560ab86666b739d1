using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Taskroute.Core.Configuration;

namespace Taskroute.Server.Api;

/// <summary>A task feed may require an API key, as the <c>X-Api-Key</c> header; a feed without one is open, as CCP's Task API is.</summary>
public static class FeedKey
{
    /// <summary>Why a request may not use a feed: its key is missing or wrong (401), or its address sent too many wrong ones (429, <see cref="TryAgainIn"/>).</summary>
    public sealed record Refusal(TimeSpan? TryAgainIn, string? From)
    {
        public bool TooMany => TryAgainIn is not null;
    }

    /// <summary>Null when the request may use <paramref name="feed"/>; else why not.</summary>
    public static Refusal? Check(TaskFeed feed, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(feed.ApiKey)) return null;
        var given = request.Headers["X-Api-Key"].ToString();
        // No key is no guess: it is told which header to send, and costs its address nothing.
        if (given.Length == 0) return new Refusal(null, null);
        var from = request.HttpContext.Connection.RemoteIpAddress is { } address ? FeedKeyThrottle.ClientOf(address) : null;
        var throttle = from is null ? null : request.HttpContext.RequestServices.GetService<FeedKeyThrottle>();
        if (throttle?.Take(from!) is { } wait) return new Refusal(wait, from);
        // Constant time, so the key cannot be guessed a character at a time from response times.
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(feed.ApiKey)))
        {
            throttle?.Right(from!);
            return null;
        }
        throttle?.Failed(from!, feed.Id);
        return new Refusal(null, from);
    }

    /// <summary>What a refused client is told, in either API's words.</summary>
    public static string Needed(TaskFeed feed) => $"task feed {feed.Id} needs its API key in the X-Api-Key header";

    /// <summary>The JSON APIs' answer to a refusal: 401 for a missing or wrong key, 429 with Retry-After for an address slowed down.</summary>
    public static IResult JsonRefusal(TaskFeed feed, Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.TryAgainIn is { } wait
            ? SlowedDown(Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "too many wrong API keys",
                detail: FeedKeyThrottle.TooMany(refusal.From!, wait), type: ProblemTypes.TooManyRequests), wait)
            : Challenged(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: Needed(feed)));
    }

    /// <summary>
    /// A 401 with the challenge HTTP requires of one (RFC 9110, 15.5.2): a client is told which
    /// header carries the key, as Basic's challenge tells it how to sign in.
    /// </summary>
    public static IResult Challenged(IResult refusal) => new WithHeader(refusal, "WWW-Authenticate", "ApiKey header=\"X-Api-Key\"");

    /// <summary>A 429 that says when the address may send a key again; no challenge, which would invite a retry at once.</summary>
    public static IResult SlowedDown(IResult refusal, TimeSpan wait) => new WithHeader(refusal, "Retry-After", Accounts.SignInLockout.RetryAfter(wait));

    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
