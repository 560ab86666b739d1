using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Server.Api.Ccp;

namespace Taskroute.Server.Api;

/// <summary>Turns what a client submitted into the core's <see cref="TaskData"/>, naming every field that is wrong.</summary>
public static class TaskRequestMapper
{
    public static (TaskData? Data, List<ApiError> Errors) Map(
        TaskFeed feed, string? name, string? title, string? description, string? scriptSelector, bool requeueOnRecovery,
        string? mediaType, IReadOnlyList<string> tags, IReadOnlyList<KeyValuePair<string, string>> variables, int priority = 0, int preferredAgentId = 0)
    {
        var errors = new List<ApiError>();
        var callVariables = new string?[TaskData.CallVariableCount];
        var highest = 0;
        // Made only when there is one: a task keeps the list while it waits.
        List<KeyValuePair<string, string>>? ecc = null;
        // A variable given twice (cv_1 and CV_1, user_x and USER_x) would have one value silently win,
        // and two ECC variables of one name cannot be read back by name.
        // One bit per call variable: every submit passes here, and a set would be an allocation each.
        var seenCall = 0;
        HashSet<string>? seenEcc = null;
        // JSON can put a null where a tag belongs, whatever the type says.
        for (var i = 0; i < tags.Count; i++)
            if (tags[i] is null) return (null, [.. errors, new ApiError("tags", $"tag {i + 1} is null; a tag is text")]);
        foreach (var (variable, value) in variables)
        {
            if (CallVariableNumber(variable) is var n and > 0)
            {
                if ((seenCall & (1 << n)) != 0)
                {
                    errors.Add(new ApiError("variables", $"call variable cv_{n} is given more than once"));
                    continue;
                }
                seenCall |= 1 << n;
                callVariables[n - 1] = value;
                highest = Math.Max(highest, n);
            }
            else if (variable.StartsWith("user_", StringComparison.OrdinalIgnoreCase) && variable.Length > 5)
            {
                if (!(seenEcc ??= new HashSet<string>(StringComparer.Ordinal)).Add(variable[5..]))
                {
                    errors.Add(new ApiError("variables", $"ECC variable '{ApiText.Clip(variable[5..])}' is given more than once"));
                    continue;
                }
                (ecc ??= []).Add(new(variable[5..], value));
            }
            else if (variable.StartsWith("cv_", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new ApiError("variables", $"'{ApiText.Clip(variable)}' is not a call variable: they are cv_1 to cv_{TaskData.CallVariableCount}, written so"));
            }
            else
            {
                errors.Add(new ApiError("variables", $"'{ApiText.Clip(variable)}' is neither a call variable (cv_1 to cv_10) nor an ECC variable (user_<name>)"));
            }
        }

        var selector = string.IsNullOrWhiteSpace(scriptSelector) ? feed.DefaultScriptSelector : scriptSelector.Trim();
        // Most submits name their feed's own selector: every waiting task then shares that one string.
        if (selector is not null && string.Equals(selector, feed.DefaultScriptSelector, StringComparison.Ordinal)) selector = feed.DefaultScriptSelector;
        if (string.IsNullOrWhiteSpace(selector)) errors.Add(new ApiError("scriptSelector", $"required: task feed {feed.Id} has no default script selector"));

        var data = new TaskData
        {
            // Time-ordered (RFC 9562 version 7): still unguessable, and the trace index adds each new
            // contact at the end of its B-tree instead of at a random page, which cost a page write per task.
            ContactId = ContactIds.Next(),
            FeedId = feed.Id,
            Name = name ?? "",
            Title = title ?? "",
            Description = string.IsNullOrEmpty(description) ? null : description,
            ScriptSelector = selector ?? "",
            RequeueOnRecovery = requeueOnRecovery,
            MediaType = string.IsNullOrWhiteSpace(mediaType) ? null : mediaType,
            Tags = tags.Count == 0 ? [] : [.. tags],
            CallVariables = callVariables[..highest],
            EccVariables = ecc is null ? Array.Empty<KeyValuePair<string, string>>() : ecc,
            Priority = priority,
            PreferredAgentId = preferredAgentId,
        };
        // Bounds on what the Task API leaves open, so an anonymous client cannot make each task as
        // large as a body may be. Kept here, not in the engine: the journal's tasks replay under the
        // engine's checks, and one taken before these bounds must replay the same.
        Bound(errors, "title", title, MaxTitleLength);
        Bound(errors, "description", description, MaxDescriptionLength);
        Bound(errors, "mediaType", mediaType, MaxMediaTypeLength);
        foreach (var tag in tags) if (tag.Length > MaxTagLength) { errors.Add(new ApiError("tags", $"each tag at most {MaxTagLength} characters (got {tag.Length})")); break; }
        // The engine refuses CR and LF in a name; Unicode's other line breaks would split it as well,
        // in a log line or a terminal's table (here, so that a name taken before replays the same).
        if (name is not null && name.AsSpan().IndexOfAny('\u0085', '\u2028', '\u2029') >= 0)
            errors.Add(new ApiError("name", "must not contain a line break (U+0085, U+2028 and U+2029 are line breaks too)"));
        foreach (var problem in data.Problems())
        {
            var error = ApiError.FromProblem(problem, "Task");
            // A missing selector is already reported, with the feed's part in it.
            if (error.Field == "scriptSelector" && string.IsNullOrWhiteSpace(selector)) continue;
            errors.Add(error);
        }
        if (errors.Count == 0) return (data, errors);
        for (var i = 0; i < errors.Count; i++)
            if (errors[i].Message.Contains(" characters (got ", StringComparison.Ordinal) && HasPairs(errors[i].Field, data, tags))
                errors[i] = errors[i] with { Message = errors[i].Message + "; lengths are counted as CCP counts them, in UTF-16 code units, where an emoji or another character beyond U+FFFF counts 2" };
        return (null, errors);
    }

    // Whether the field's value holds a character beyond U+FFFF (a surrogate pair): then its length
    // in characters is less than the count a too-long refusal gives, which needs saying.
    private static bool HasPairs(string field, TaskData data, IReadOnlyList<string> tags)
    {
        static bool Pairs(string? value) => value is not null && value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;
        return field switch
        {
            "name" => Pairs(data.Name),
            "title" => Pairs(data.Title),
            "description" => Pairs(data.Description),
            "mediaType" => Pairs(data.MediaType),
            "scriptSelector" => Pairs(data.ScriptSelector),
            "tags" => tags.Any(Pairs),
            _ when field.StartsWith("cv_", StringComparison.Ordinal) && int.TryParse(field.AsSpan(3), out var n) && n >= 1 && n <= data.CallVariables.Count => Pairs(data.CallVariables[n - 1]),
            _ => false,
        };
    }

    // cv_1 to cv_10 exactly (the prefix in any case, as Cisco documents): a sign, a leading zero or a
    // space would make cv_+1 or cv_01 a second name for cv_1, which CCE's peripheral variables do not
    // have, and the JSON API's "01" is refused too. 0 for any other name.
    private static int CallVariableNumber(string variable)
    {
        if (!variable.StartsWith("cv_", StringComparison.OrdinalIgnoreCase)) return 0;
        var digits = variable.AsSpan(3);
        if (digits.Length is 0 or > 2 || digits[0] is < '1' or > '9' || (digits.Length == 2 && digits[1] is < '0' or > '9')) return 0;
        var n = digits.Length == 1 ? digits[0] - '0' : ((digits[0] - '0') * 10) + (digits[1] - '0');
        return n <= TaskData.CallVariableCount ? n : 0;
    }

    /// <summary>
    /// The ICM agent id of the agent a JSON submit prefers, named by its ICM agent id or its login id;
    /// 0 when none is given. One not configured is an error, not a preference quietly dropped.
    /// </summary>
    public static int PreferredAgent(RoutingConfiguration configuration, int? given, List<ApiError> errors)
    {
        if (given is not { } id || id == 0) return 0;
        foreach (var agent in configuration.Agents)
            if (agent.Id == id || agent.LoginId == id) return agent.Id;
        errors.Add(new ApiError("preferredAgentId", $"no agent has ICM agent id or login id {id}"));
        return 0;
    }

    public const int MaxTitleLength = 1_000;
    public const int MaxDescriptionLength = 32_000;
    public const int MaxTagLength = 100;
    public const int MaxMediaTypeLength = 64;

    private static void Bound(List<ApiError> errors, string field, string? value, int max)
    {
        if (value is { Length: var length } && length > max) errors.Add(new ApiError(field, $"at most {max} characters (got {length})"));
    }
}
