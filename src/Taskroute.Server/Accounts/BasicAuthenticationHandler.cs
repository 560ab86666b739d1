using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Taskroute.Server.Accounts;

/// <summary>HTTP Basic sign-in, as Finesse's REST API uses, against the <see cref="AccountStore"/>.</summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountStore accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Basic";

    /// <summary>Where a refused sign-in leaves its reason for the answer's body.</summary>
    public const string RefusalKey = "taskroute.sign-in-refusal";

    /// <summary>Where a locked-out sign-in leaves how long the lock lasts, for the 401's Retry-After.</summary>
    public const string RetryAfterKey = "taskroute.sign-in-retry-after";

    /// <summary>Where a sign-in refused for its address's failed checks leaves when to try again: answered 429, not 401.</summary>
    public const string TooManyKey = "taskroute.sign-in-too-many";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("the Authorization header is not valid Basic credentials");
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return AuthenticateResult.Fail("the Authorization header is not valid Basic credentials");
        // Waits its turn for a password check without holding a thread (see AccountStore.SignInAsync).
        var user = decoded[..colon];
        var from = Context.Connection.RemoteIpAddress is { } address ? Api.FeedKeyThrottle.ClientOf(address) : null;
        var (account, refusal, tooMany, tryAgainIn) = await accounts.AnswerAsync(user, decoded[(colon + 1)..], from);
        if (tooMany) Context.Items[TooManyKey] = tryAgainIn;
        if (account is null)
        {
            // The 401's body says why, and a locked-out user's when to try again: the status code
            // page reads them here (an endpoint that needs no sign-in answers as it would without).
            Context.Items[RefusalKey] = refusal;
            if (accounts.Lockout?.Remaining(SignInLockout.Key(user, from)) is { } left) Context.Items[RetryAfterKey] = left;
            return AuthenticateResult.Fail(refusal ?? AccountStore.WrongPassword);
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, account.User), new Claim(ClaimTypes.Role, account.Role.ToString())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Not a wrong password but a client to slow down: no challenge, which would invite a retry at once.
        if (Context.Items[TooManyKey] is TimeSpan wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = SignInLockout.RetryAfter(wait);
            return Task.CompletedTask;
        }
        // A page that signs in by itself says so, and gets no challenge: a browser would answer one
        // with its own password dialog instead of letting the page say what went wrong.
        if (!Request.Headers.ContainsKey("X-Requested-With"))
            Response.Headers.WWWAuthenticate = "Basic realm=\"taskroute\", charset=\"UTF-8\"";
        return base.HandleChallengeAsync(properties);
    }
}
