using Microsoft.AspNetCore.Http;

namespace Taskroute.Server.Api.Ccp;

/// <summary>The fields of a CCP Task API submission, read from XML or from a query string.</summary>
public sealed class CcpTaskRequest
{
    /// <summary>The task this request asks for on <paramref name="feed"/>, or every reason it cannot be one.</summary>
    public (Core.Flow.TaskData? Data, List<ApiError> Errors) Map(Core.Configuration.TaskFeed feed) =>
        TaskRequestMapper.Map(feed, Name, Title, Description, ScriptSelector, RequeueOnRecovery, EffectiveMediaType, Tags, CceVariables);

    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? ScriptSelector { get; set; }
    public bool RequeueOnRecovery { get; set; }
    public string? MediaType { get; set; }
    public List<string> Tags { get; } = [];

    /// <summary>
    /// Variables as submitted: <c>cv_1</c>..<c>cv_10</c> and <c>user_&lt;ECC name&gt;</c> for CCE, and
    /// CCP's own: the predefined <c>mediaType</c> and <c>podRefURL</c>, and any extension field.
    /// </summary>
    public List<KeyValuePair<string, string>> Variables { get; } = [];

    /// <summary>
    /// The variables that reach CCE: call variables and ECC variables, their prefixes in any case as
    /// Cisco documents (<c>CV_1</c> is <c>cv_1</c>). A <c>cv_</c> name out of range stays here to be
    /// refused; the other names are CCP's extension fields, which CCE never sees.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> CceVariables =>
        Variables.Where(v => v.Key.StartsWith("cv_", StringComparison.OrdinalIgnoreCase) || v.Key.StartsWith("user_", StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Cisco documents the media type as the predefined variable <c>mediaType</c>; a top-level element is taken too.</summary>
    public string? EffectiveMediaType =>
        !string.IsNullOrWhiteSpace(MediaType) ? MediaType
        : Variables.LastOrDefault(v => v.Key == "mediaType").Value is { } media && !string.IsNullOrWhiteSpace(media) ? media.Trim() : null;

    /// <summary>
    /// The GET form of a submission, as Cisco's samples send it: <c>name</c>, <c>title</c>, ...,
    /// <c>tag</c> (repeated) or <c>tags=a,b</c>, and <c>variable_&lt;name&gt;</c> for each variable.
    /// </summary>
    public static (CcpTaskRequest? Request, ApiError? Error) FromQuery(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.QueryString.Value;
        return CcpQueryEncoding.Check(raw) is { } notUtf8 ? (null, notUtf8) : FromQuery(CcpQueryParameters.Parse(raw));
    }

    /// <summary>
    /// As <see cref="FromQuery(HttpRequest)"/>, from the query as decoded. A parameter given twice
    /// counts once, by its first value, as a servlet's getParameter reads it: joining the values with
    /// commas would store a name no client sent. Names are matched as sent, but for the
    /// <c>variable_</c> prefix, which (as the variables' own prefixes) is read in any case.
    /// </summary>
    public static (CcpTaskRequest? Request, ApiError? Error) FromQuery(CcpQueryParameters query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = new CcpTaskRequest
        {
            Name = query.First("name"), Title = query.First("title"), Description = query.First("description"),
            ScriptSelector = query.First("scriptSelector"), MediaType = query.First("mediaType"),
        };
        if (query.First("requeueOnRecovery") is { } requeue)
        {
            if (ParseBoolean(requeue) is not { } r)
            {
                return (null, new ApiError("requeueOnRecovery", $"must be true or false (got '{ApiText.Clip(requeue)}')"));
            }
            request.RequeueOnRecovery = r;
        }
        foreach (var tag in query.All("tag")) if (!string.IsNullOrEmpty(tag)) request.Tags.Add(tag);
        foreach (var tag in query.All("tags")) if (!string.IsNullOrEmpty(tag)) request.Tags.AddRange(tag.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var (key, value) in query.Distinct())
            if (key.StartsWith("variable_", StringComparison.OrdinalIgnoreCase)) request.Variables.Add(new(key["variable_".Length..], value));
        return (request, null);
    }

    /// <summary>
    /// Reads requeueOnRecovery as an xsd:boolean (true, false, 1, 0, in any case) and an empty
    /// value as false, CCP's default; null for anything else.
    /// </summary>
    public static bool? ParseBoolean(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "" or "false" or "0" => false,
        "true" or "1" => true,
        _ => null,
    };
}
