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
}
