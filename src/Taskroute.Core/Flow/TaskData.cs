using System.Text;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Flow;

/// <summary>
/// What the submitting application said about a task. Immutable, so every module may hold the same
/// instance: the messages carry it by reference instead of copying it at each hop.
/// </summary>
public sealed class TaskData
{
    public const int MaxNameLength = 100;
    public const int MaxScriptSelectorLength = 32;
    public const int MaxTags = 20;
    public const int CallVariableCount = 10;
    public const int MaxCallVariableLength = 40;
    public const int MaxEccBytes = 2000;

    /// <summary>
    /// Which snapshot last wrote this (high 32 bits) and its index there (low 32 bits): the snapshot
    /// writer's bookkeeping, so shared data is written once. Not part of the task's data.
    /// </summary>
    internal long SnapshotStamp;

    public required Guid ContactId { get; init; }
    public int FeedId { get; init; }
    public required string Name { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required string ScriptSelector { get; init; }
    public string? MediaType { get; init; }
    public bool RequeueOnRecovery { get; init; }

    /// <summary>Call variables 1 to 10 (index 0 is call variable 1); null where unset.</summary>
    public IReadOnlyList<string?> CallVariables { get; init; } = Array.Empty<string?>();

    /// <summary>Named ECC variables, by name without the <c>user_</c> prefix of the Task API.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> EccVariables { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Queue priority 1 (highest) to 10; 0 lets the routing script decide.</summary>
    public int Priority { get; init; }

    /// <summary>The ICM agent id (SkillTargetID) of the agent the application prefers; 0 for none.</summary>
    public int PreferredAgentId { get; init; }

    /// <summary>The task this one continues after a transfer; <see cref="IcmTaskId.None"/> otherwise.</summary>
    public IcmTaskId PreviousTask { get; init; } = IcmTaskId.None;

    public string? CallVariable(int number) =>
        number >= 1 && number <= CallVariables.Count ? CallVariables[number - 1] : null;

    public string? EccVariable(string name)
    {
        for (var i = 0; i < EccVariables.Count; i++)
            if (string.Equals(EccVariables[i].Key, name, StringComparison.Ordinal)) return EccVariables[i].Value;
        return null;
    }

    /// <summary>Returns a copy for a follow-up task (a transfer) routed by another script selector.</summary>
    public TaskData ForTransfer(string scriptSelector, IcmTaskId previousTask) => new()
    {
        ContactId = ContactId,
        FeedId = FeedId,
        Name = Name,
        Title = Title,
        Description = Description,
        ScriptSelector = scriptSelector,
        MediaType = MediaType,
        RequeueOnRecovery = RequeueOnRecovery,
        CallVariables = CallVariables,
        EccVariables = EccVariables,
        Tags = Tags,
        Priority = Priority,
        PreferredAgentId = 0,
        PreviousTask = previousTask,
    };

    /// <summary>Checks the Task API's limits; returns the first problem, naming the field, or null.</summary>
    public string? Validate() => Problems().FirstOrDefault();

    /// <summary>
    /// Every problem with the Task API's limits, each as "field: what is wrong", so that a client
    /// fixes its request in one round rather than one field per round.
    /// </summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return "name: required";
        else if (Name.Length > MaxNameLength) yield return $"name: at most {MaxNameLength} characters (got {Name.Length})";
        else if (Name.AsSpan().IndexOfAny('\r', '\n') >= 0) yield return "name: must not contain a line break";
        if (string.IsNullOrWhiteSpace(Title)) yield return "title: required";
        if (string.IsNullOrWhiteSpace(ScriptSelector)) yield return "scriptSelector: required";
        else if (ScriptSelector.Length > MaxScriptSelectorLength)
            yield return $"scriptSelector: at most {MaxScriptSelectorLength} characters (got {ScriptSelector.Length})";
        if (Tags.Count > MaxTags) yield return $"tags: at most {MaxTags} tags (got {Tags.Count})";
        if (CallVariables.Count > CallVariableCount)
            yield return $"variables: at most {CallVariableCount} call variables (cv_1 to cv_{CallVariableCount})";
        for (var i = 0; i < CallVariables.Count; i++)
        {
            if (CallVariables[i] is { Length: > MaxCallVariableLength } value)
                yield return $"cv_{i + 1}: at most {MaxCallVariableLength} characters (got {value.Length})";
        }

        var eccBytes = 0;
        var unnamed = false;
        foreach (var (name, value) in EccVariables)
        {
            unnamed |= string.IsNullOrWhiteSpace(name);
            eccBytes += Encoding.UTF8.GetByteCount(name ?? "") + Encoding.UTF8.GetByteCount(value ?? "");
        }
        if (unnamed) yield return "variables: an ECC variable needs a name after user_";
        else if (eccBytes > MaxEccBytes) yield return $"variables: ECC variables take {eccBytes} bytes, at most {MaxEccBytes} together";
        if (Priority is < 0 or > 10) yield return $"priority: 1 (highest) to 10, or 0 for the script's (got {Priority})";
        if (Unwritable() is { } unwritable) yield return unwritable;
    }

    // Every text the Task API hands back must be writable as XML: a character XML cannot carry (a
    // control character, U+FFFE/U+FFFF, half a surrogate pair) is refused at the door rather than
    // accepted and then impossible to report.
    private string? Unwritable()
    {
        static string? Bad(string? text) => text is not null && XmlCharacters.FirstInvalid(text) is { } at ? $"U+{(int)text[at]:X4} at position {at + 1}" : null;
        if (Bad(Name) is { } n) return $"name: contains a character XML cannot carry ({n})";
        if (Bad(Title) is { } t) return $"title: contains a character XML cannot carry ({t})";
        if (Bad(Description) is { } d) return $"description: contains a character XML cannot carry ({d})";
        if (Bad(MediaType) is { } m) return $"mediaType: contains a character XML cannot carry ({m})";
        for (var i = 0; i < CallVariables.Count; i++)
            if (Bad(CallVariables[i]) is { } cv) return $"cv_{i + 1}: contains a character XML cannot carry ({cv})";
        foreach (var (name, value) in EccVariables)
            if ((Bad(name) ?? Bad(value)) is { } ecc) return $"user_{name}: contains a character XML cannot carry ({ecc})";
        foreach (var tag in Tags)
            if (Bad(tag) is { } tg) return $"tags: contains a character XML cannot carry ({tg})";
        return Bad(ScriptSelector) is { } s ? $"scriptSelector: contains a character XML cannot carry ({s})" : null;
    }
}
