using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Taskroute.Server.Api.Ccp;

namespace Taskroute.Server.Api;

/// <summary>
/// A request body sent compressed (<c>Content-Encoding: gzip</c>, <c>br</c>, ...) is answered 415
/// naming the coding, with <c>Accept-Encoding: identity</c>, as RFC 9110 (15.5.16) asks. Read as it
/// came, it was refused as XML or JSON that is not well formed (<c>0x1F</c>), which sent the
/// client's developer looking at the document rather than at the compression.
/// </summary>
internal static class ContentEncodingRefusal
{
    public static IApplicationBuilder UseContentEncodingRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var coding = request.Headers.ContentEncoding;
        if (coding.Count == 0 || IsIdentity(coding))
        {
            await next(context);
            return;
        }
        var named = ApiText.Clip(coding.ToString());
        var message = $"the body is sent with Content-Encoding {named}, which this server does not read: send it uncompressed";
        context.Response.Headers[HeaderNames.AcceptEncoding] = "identity";
        if (CcpErrorPages.Owns(request))
        {
            await CcpErrorPages.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, new ApiError("Content-Encoding", message));
            return;
        }
        await Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "unsupported content coding", detail: message).ExecuteAsync(context);
    });

    private static bool IsIdentity(Microsoft.Extensions.Primitives.StringValues coding)
    {
        foreach (var value in coding)
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!part.Equals("identity", StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }
}
