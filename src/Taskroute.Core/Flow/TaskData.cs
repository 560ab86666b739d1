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

    /// <summary>
    /// The ECC variables by name. A name given twice (a submit journaled before such submits were
    /// refused) keeps its first value, the one <see cref="EccVariable"/> and the scripts read.
    /// </summary>
    public Dictionary<string, string> EccVariablesByName()
    {
        var byName = new Dictionary<string, string>(EccVariables.Count, StringComparer.Ordinal);
        foreach (var (name, value) in EccVariables) byName.TryAdd(name, value);
        return byName;
    }

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
    // The engine checks every submit on the routing loop: this path allocates nothing.
    public string? Validate() => Check(null);

    /// <summary>
    /// Every problem with the Task API's limits, each as "field: what is wrong", so that a client
    /// fixes its request in one round rather than one field per round.
    /// </summary>
    public List<string> Problems()
    {
        var all = new List<string>();
        Check(all);
        return all;
    }

    // Returns the first problem; with a list, goes on and adds every problem to it.
    private string? Check(List<string>? all)
    {
        string? first = null;
        // True when the check should stop: only the first problem is wanted.
        bool Found(string problem)
        {
            first ??= problem;
            all?.Add(problem);
            return all is null;
        }

        if (string.IsNullOrWhiteSpace(Name)) { if (Found("name: required")) return first; }
        else if (Name.Length > MaxNameLength) { if (Found($"name: at most {MaxNameLength} characters (got {Name.Length})")) return first; }
        else if (Name.AsSpan().IndexOfAny('\r', '\n') >= 0) { if (Found("name: must not contain a line break")) return first; }
        if (string.IsNullOrWhiteSpace(Title) && Found("title: required")) return first;
        if (string.IsNullOrWhiteSpace(ScriptSelector)) { if (Found("scriptSelector: required")) return first; }
        else if (ScriptSelector.Length > MaxScriptSelectorLength &&
            Found($"scriptSelector: at most {MaxScriptSelectorLength} characters (got {ScriptSelector.Length})")) return first;
        if (Tags.Count > MaxTags && Found($"tags: at most {MaxTags} tags (got {Tags.Count})")) return first;
        if (CallVariables.Count > CallVariableCount &&
            Found($"variables: at most {CallVariableCount} call variables (cv_1 to cv_{CallVariableCount})")) return first;
        for (var i = 0; i < CallVariables.Count; i++)
        {
            if (CallVariables[i] is { Length: > MaxCallVariableLength } value &&
                Found($"cv_{i + 1}: at most {MaxCallVariableLength} characters (got {value.Length})")) return first;
        }

        var eccBytes = 0;
        var unnamed = false;
        foreach (var (name, value) in EccVariables)
        {
            unnamed |= string.IsNullOrWhiteSpace(name);
            eccBytes += Encoding.UTF8.GetByteCount(name ?? "") + Encoding.UTF8.GetByteCount(value ?? "");
        }
        if (unnamed) { if (Found("variables: an ECC variable needs a name after user_")) return first; }
        else if (eccBytes > MaxEccBytes && Found($"variables: ECC variables take {eccBytes} bytes, at most {MaxEccBytes} together")) return first;
        if (Priority is < 0 or > 10 && Found($"priority: 1 (highest) to 10, or 0 for the script's (got {Priority})")) return first;
        if (Unwritable() is { } unwritable) Found(unwritable);
        return first;
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
        {
            // A bad name cannot be the field that names it (the client would be sent the bad
            // character back as a field name): the problem is the variables', quoting the name made writable.
            if (Bad(name) is { } badName) return $"variables: the ECC variable name '{XmlCharacters.Clean(name.Length <= 40 ? name : name[..40] + "...")}' contains a character XML cannot carry ({badName})";
            if (Bad(value) is { } ecc) return $"user_{name}: contains a character XML cannot carry ({ecc})";
        }
        foreach (var tag in Tags)
            if (Bad(tag) is { } tg) return $"tags: contains a character XML cannot carry ({tg})";
        return Bad(ScriptSelector) is { } s ? $"scriptSelector: contains a character XML cannot carry ({s})" : null;
    }
}
