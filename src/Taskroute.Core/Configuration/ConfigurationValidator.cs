using Taskroute.Core.Scripts;

namespace Taskroute.Core.Configuration;

/// <summary>Checks a configuration and names every problem with its path, so an operator can fix a file in one pass.</summary>
public static class ConfigurationValidator
{
    public static IReadOnlyList<ConfigurationError> Validate(RoutingConfiguration config)
    {
        var errors = new List<ConfigurationError>();
        void Error(string path, string message) => errors.Add(new ConfigurationError(path, message));

        // Holes first: the rules below take every list, entry and node as present.
        MissingValueScan.Check(config, "", Error);
        if (errors.Count > 0) return errors;

        var mrds = new Dictionary<int, MediaRoutingDomain>();
        var mrdNames = new Dictionary<string, MediaRoutingDomain>(StringComparer.Ordinal);
        for (var i = 0; i < config.Mrds.Count; i++)
        {
            var m = config.Mrds[i];
            var p = $"mrds[{i}]";
            if (Id(m.Id, $"{p}.id", "") && !mrds.TryAdd(m.Id, m)) Error($"{p}.id", $"MRD {m.Id} is defined twice");
            if (string.IsNullOrWhiteSpace(m.Name)) Error($"{p}.name", "required");
            else if (!mrdNames.TryAdd(m.Name, m)) Error($"{p}.name", $"MRD name '{m.Name}' is used twice (MRD {mrdNames[m.Name].Id} has it too)");
            if (m.MaxTasksPerAgent is < 1 or > 10) Error($"{p}.maxTasksPerAgent", $"must be 1 to 10 (got {m.MaxTasksPerAgent})");
            if (m.TaskStartTimeoutSeconds < 1) Error($"{p}.taskStartTimeoutSeconds", "must be at least 1");
            if (m.TaskLifeSeconds < 1) Error($"{p}.taskLifeSeconds", "must be at least 1");
            if (m.MaxTaskDurationSeconds < 1) Error($"{p}.maxTaskDurationSeconds", "must be at least 1");
            if (m.MaxTimeInQueueSeconds < 0) Error($"{p}.maxTimeInQueueSeconds", "must be 0 (no limit) or more");
            if (m.MaxTasksInQueue < 0) Error($"{p}.maxTasksInQueue", "must be 0 (no limit) or more");
            if (m.ServiceLevelThresholdSeconds < 0) Error($"{p}.serviceLevelThresholdSeconds", "must be 0 or more");
            if (!Enum.IsDefined(m.ServiceLevelType)) Error($"{p}.serviceLevelType", "must be ignoreAbandoned, abandonedNegative or abandonedPositive");
        }
        if (config.Mrds.Count == 0) Error("mrds", "at least one MRD is required");

        var skillGroups = new Dictionary<int, SkillGroup>();
        var skillGroupNames = new Dictionary<string, SkillGroup>(StringComparer.Ordinal);
        for (var i = 0; i < config.SkillGroups.Count; i++)
        {
            var g = config.SkillGroups[i];
            var p = $"skillGroups[{i}]";
            if (Id(g.Id, $"{p}.id", "") && !skillGroups.TryAdd(g.Id, g)) Error($"{p}.id", $"skill group {g.Id} is defined twice");
            if (string.IsNullOrWhiteSpace(g.Name)) Error($"{p}.name", "required");
            else if (!skillGroupNames.TryAdd(g.Name, g)) Error($"{p}.name", $"skill group name '{g.Name}' is used twice (skill group {skillGroupNames[g.Name].Id} has it too)");
            MrdReference(g.MrdId, $"{p}.mrdId", "the skill group's MRD");
        }

        var attributes = new Dictionary<string, AttributeDefinition>(StringComparer.Ordinal);
        for (var i = 0; i < config.Attributes.Count; i++)
        {
            var a = config.Attributes[i];
            if (string.IsNullOrWhiteSpace(a.Name)) Error($"attributes[{i}].name", "required");
            else if (!attributes.TryAdd(a.Name, a)) Error($"attributes[{i}].name", $"attribute '{a.Name}' is defined twice");
        }

        var queues = new Dictionary<int, PrecisionQueue>();
        var queueNames = new Dictionary<string, PrecisionQueue>(StringComparer.Ordinal);
        for (var i = 0; i < config.PrecisionQueues.Count; i++)
        {
            var q = config.PrecisionQueues[i];
            var p = $"precisionQueues[{i}]";
            if (Id(q.Id, $"{p}.id", ""))
            {
                if (!queues.TryAdd(q.Id, q)) Error($"{p}.id", $"precision queue {q.Id} is defined twice");
                // CCE numbers skill groups and precision queues alike as skill targets, one id each.
                else if (skillGroups.ContainsKey(q.Id)) Error($"{p}.id", $"skill group {q.Id} has this id too: skill groups and precision queues are both skill targets, and each needs an id of its own");
            }
            if (string.IsNullOrWhiteSpace(q.Name)) Error($"{p}.name", "required");
            else if (!queueNames.TryAdd(q.Name, q)) Error($"{p}.name", $"precision queue name '{q.Name}' is used twice (precision queue {queueNames[q.Name].Id} has it too)");
            MrdReference(q.MrdId, $"{p}.mrdId", "the precision queue's MRD");
            if (q.Steps.Count is < 1 or > PrecisionQueue.MaxSteps) Error($"{p}.steps", $"must have 1 to {PrecisionQueue.MaxSteps} steps (got {q.Steps.Count})");
            for (var s = 0; s < q.Steps.Count; s++)
            {
                var step = q.Steps[s];
                var sp = $"{p}.steps[{s}]";
                var last = s == q.Steps.Count - 1;
                if (step.Expressions.Count == 0) Error($"{sp}.expressions", "at least one expression is required");
                if (step.WaitSeconds < 0) Error($"{sp}.waitSeconds", "must be 0 or more");
                // The router sets no timer at the last step (nothing follows it), so a wait there would be ignored.
                else if (last && step.WaitSeconds > 0)
                    Error($"{sp}.waitSeconds", "the last step has no wait, as in CCE: a task stays at it until an agent takes it or the MRD's limits end it, so this wait would be ignored; remove it");
                for (var e = 0; e < step.Expressions.Count; e++)
                {
                    var expression = step.Expressions[e];
                    var ep = $"{sp}.expressions[{e}]";
                    if (expression.Terms.Count == 0) Error($"{ep}.terms", "at least one term is required");
                    for (var t = 0; t < expression.Terms.Count; t++)
                        ValidateTerm(expression.Terms[t], $"{ep}.terms[{t}]", attributes, Error);
                }
                // The router asks a step's considerIf only as the task reaches it, from the step before's
                // timeout (or on queueing, for the first); nothing asks again, so one that fails on the last
                // step leaves the task where it was.
                if (step.ConsiderIf is not null && last)
                    Error($"{sp}.considerIf", q.Steps.Count == 1
                        ? "not allowed on the last step (here the only one), as in CCE: it is asked once, as the task is queued, and when it fails the task is not queued to this precision queue at all"
                        : "not allowed on the last step, as in CCE: it is asked once, as the step before times out, and when it fails no step is left to move to, so the task waits at the step before for good");
                else if (step.ConsiderIf is not null) ValidateCondition(step.ConsiderIf, $"{sp}.considerIf", true, Error);
            }
        }

        var agentIds = new HashSet<int>();
        var loginIds = new HashSet<int>();
        for (var i = 0; i < config.Agents.Count; i++)
        {
            var a = config.Agents[i];
            var p = $"agents[{i}]";
            if (Id(a.Id, $"{p}.id", " (the ICM agent id / SkillTargetID)") && !agentIds.Add(a.Id)) Error($"{p}.id", $"agent {a.Id} is defined twice");
            if (Id(a.LoginId, $"{p}.loginId", " (the peripheral number)") && !loginIds.Add(a.LoginId)) Error($"{p}.loginId", $"login id {a.LoginId} is used twice");
            for (var g = 0; g < a.SkillGroups.Count; g++)
                if (!skillGroups.ContainsKey(a.SkillGroups[g])) Error($"{p}.skillGroups[{g}]", $"no skill group {a.SkillGroups[g]}");
            if (a.SkillGroups.Distinct().Count() != a.SkillGroups.Count) Error($"{p}.skillGroups", "a skill group is listed twice");
            foreach (var (group, level) in a.SkillLevels)
            {
                if (!a.SkillGroups.Contains(group)) Error($"{p}.skillLevels.{group}", "the agent is not in that skill group");
                if (level is < 1 or > 10) Error($"{p}.skillLevels.{group}", $"must be 1 to 10 (got {level})");
            }
            foreach (var (name, value) in a.Attributes)
            {
                if (!attributes.TryGetValue(name, out var definition)) { Error($"{p}.attributes.{name}", "no such attribute is defined"); continue; }
                if (AttributeValue.Parse(definition.Type, value) is null)
                    Error($"{p}.attributes.{name}", definition.Type == AttributeType.Boolean ? $"must be true or false (got '{value}')" : $"must be a proficiency 1 to 10 (got '{value}')");
            }
        }

        var selectors = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.ScriptSelectors.Count; i++)
        {
            var s = config.ScriptSelectors[i];
            var p = $"scriptSelectors[{i}]";
            if (string.IsNullOrWhiteSpace(s.Name)) Error($"{p}.name", "required");
            else if (s.Name.Length > 32) Error($"{p}.name", $"at most 32 characters (got {s.Name.Length})");
            else if (!selectors.Add(s.Name)) Error($"{p}.name", $"script selector '{s.Name}' is defined twice");
            MrdReference(s.MrdId, $"{p}.mrdId", "the MRD of the tasks it routes");
            if (s.Script.Count == 0) Error($"{p}.script", "a script needs at least one node");
            ValidateNodes(s.Script, $"{p}.script", s.MrdId, skillGroups, queues, Error);
        }

        var feeds = new HashSet<int>();
        for (var i = 0; i < config.TaskFeeds.Count; i++)
        {
            var f = config.TaskFeeds[i];
            var p = $"taskFeeds[{i}]";
            if (Id(f.Id, $"{p}.id", "") && !feeds.Add(f.Id)) Error($"{p}.id", $"task feed {f.Id} is defined twice");
            if (f.DefaultScriptSelector is { } d && !config.ScriptSelectors.Any(s => s.Name == d))
                Error($"{p}.defaultScriptSelector", $"no script selector '{d}'");
        }

        ReasonCodes(config.NotReadyReasonCodes, "notReadyReasonCodes");
        ReasonCodes(config.LogoutReasonCodes, "logoutReasonCodes");

        if (config.UtcOffsetMinutes is < -14 * 60 or > 14 * 60) Error("utcOffsetMinutes", "must be within -840 and 840");
        ZoneRules(config);
        if (config.RouterCallKeyStart < 1) Error("routerCallKeyStart", "must be at least 1");
        return ConfigurationErrorEntities.Named(config, errors);

        void ZoneRules(RoutingConfiguration c)
        {
            if (c.TimeZone is null)
            {
                if (c.TimeZoneOffsets is not null) Error("timeZoneOffsets", "given without timeZone: name the zone they are the clock of");
                return;
            }
            if (c.UtcOffsetMinutes != 0) Error("utcOffsetMinutes", "give timeZone or utcOffsetMinutes, not both: the zone's own offset, summer time included, is used");
            // The server fills them in from the zone's name as it reads the file.
            if (c.TimeZoneOffsets is not { Count: > 0 } offsets)
            {
                Error("timeZoneOffsets", $"no clock for time zone '{c.TimeZone}': the server resolves a zone's name as it reads the file");
                return;
            }
            for (var i = 0; i < offsets.Count; i++)
            {
                if (offsets[i] is null) continue;
                if (offsets[i].OffsetMinutes is < -14 * 60 or > 14 * 60) Error($"timeZoneOffsets[{i}].offsetMinutes", "must be within -840 and 840");
                if (i > 0 && offsets[i - 1] is { } before && offsets[i].From <= before.From) Error($"timeZoneOffsets[{i}].from", "must be later than the one before it");
            }
        }

        // An id left out of a file reads as 0, which no entity may have: said as missing, not as a bad number.
        bool Id(int id, string path, string what)
        {
            if (id == 0) Error(path, "required" + what);
            else if (id < 0) Error(path, "must be a positive number" + what);
            return id > 0;
        }

        void ReasonCodes(IReadOnlyList<ReasonCode> codes, string list)
        {
            var seen = new HashSet<int>();
            for (var i = 0; i < codes.Count; i++)
            {
                var c = codes[i];
                var p = $"{list}[{i}]";
                if (c.Code == 0) Error($"{p}.code", "required (1 to 65535; 0 is the Not Ready or sign-out without a reason, always taken)");
                else if (c.Code is < 1 or > 65535) Error($"{p}.code", $"must be 1 to 65535, as CTI carries it (got {c.Code})");
                else if (!seen.Add(c.Code)) Error($"{p}.code", $"reason code {c.Code} is given twice");
                if (string.IsNullOrWhiteSpace(c.Label)) Error($"{p}.label", "required: what the desktop shows");
                else if (c.Label.Length > 64) Error($"{p}.label", $"at most 64 characters (got {c.Label.Length})");
            }
        }

        void MrdReference(int mrdId, string path, string what)
        {
            if (mrdId == 0) Error(path, $"required ({what})");
            else if (!mrds.ContainsKey(mrdId)) Error(path, $"no MRD {mrdId}");
        }
    }

    private static void ValidateTerm(AttributeTerm term, string path, Dictionary<string, AttributeDefinition> attributes, Action<string, string> error)
    {
        if (!attributes.TryGetValue(term.Attribute, out var definition))
        {
            error($"{path}.attribute", $"no attribute '{term.Attribute}' is defined");
            return;
        }
        if (AttributeValue.Parse(definition.Type, term.Value) is null)
            error($"{path}.value", definition.Type == AttributeType.Boolean ? $"must be true or false (got '{term.Value}')" : $"must be a proficiency 1 to 10 (got '{term.Value}')");
        if (term.Operator == CompareOperator.Contains) error($"{path}.operator", "contains does not apply to agent attributes");
        if (definition.Type == AttributeType.Boolean && term.Operator is not (CompareOperator.Equal or CompareOperator.NotEqual))
            error($"{path}.operator", $"boolean attribute '{term.Attribute}' takes only equal or notEqual");
    }

    private static void ValidateNodes(IReadOnlyList<ScriptNode> nodes, string path, int mrdId,
        Dictionary<int, SkillGroup> skillGroups, Dictionary<int, PrecisionQueue> queues, Action<string, string> error)
    {
        // A missing mrdId (0) is said once, where it is missing, not again as a mismatch here.
        bool OtherMrd(int targetMrd) => targetMrd != mrdId && targetMrd != 0 && mrdId != 0;

        for (var i = 0; i < nodes.Count; i++)
        {
            var p = $"{path}[{i}]";
            switch (nodes[i])
            {
                // Paths as the file writes a node (`- queue: {...}`, `- wait: 60`, `- percent: [...]`), not as the model holds it.
                case QueueNode q:
                    if (q.SkillGroups.Count == 0 && q.PrecisionQueue == 0) error($"{p}.queue", "a queue node needs skill groups or a precision queue");
                    if (q.SkillGroups.Count > 0 && q.PrecisionQueue != 0) error($"{p}.queue", "a queue node takes skill groups or a precision queue, not both");
                    for (var g = 0; g < q.SkillGroups.Count; g++)
                    {
                        if (!skillGroups.TryGetValue(q.SkillGroups[g], out var group)) error($"{p}.queue.skillGroups[{g}]", $"no skill group {q.SkillGroups[g]}");
                        else if (OtherMrd(group.MrdId)) error($"{p}.queue.skillGroups[{g}]", $"skill group {group.Id} is in MRD {group.MrdId}, the script selector in MRD {mrdId}");
                    }
                    if (q.PrecisionQueue != 0)
                    {
                        if (!queues.TryGetValue(q.PrecisionQueue, out var pq)) error($"{p}.queue.precisionQueue", $"no precision queue {q.PrecisionQueue}");
                        else if (OtherMrd(pq.MrdId)) error($"{p}.queue.precisionQueue", $"precision queue {pq.Id} is in MRD {pq.MrdId}, the script selector in MRD {mrdId}");
                    }
                    if (q.Priority is < 1 or > 10) error($"{p}.queue.priority", $"must be 1 (highest) to 10 (got {q.Priority})");
                    if (q.RaisePriorityEverySeconds < 0) error($"{p}.queue.raisePriorityEverySeconds", "must be 0 (never) or more");
                    break;
                case WaitNode w:
                    if (w.Seconds < 1) error($"{p}.wait", "must be at least 1");
                    break;
                case IfNode f:
                    ValidateCondition(f.Condition, $"{p}.if.condition", false, error);
                    ValidateNodes(f.Then, $"{p}.if.then", mrdId, skillGroups, queues, error);
                    ValidateNodes(f.Else, $"{p}.if.else", mrdId, skillGroups, queues, error);
                    break;
                case PercentNode pn:
                    if (pn.Branches.Count == 0) error($"{p}.percent", "at least one branch is required");
                    if (pn.Branches.Any(b => b.Percent < 0)) error($"{p}.percent", "a percentage cannot be negative");
                    if (pn.Branches.Sum(b => b.Percent) != 100) error($"{p}.percent", $"percentages must add up to 100 (got {pn.Branches.Sum(b => b.Percent)})");
                    for (var b = 0; b < pn.Branches.Count; b++)
                        ValidateNodes(pn.Branches[b].Nodes, $"{p}.percent[{b}].nodes", mrdId, skillGroups, queues, error);
                    break;
                case LabelNode l:
                    if (string.IsNullOrWhiteSpace(l.Label)) error($"{p}.label", "required");
                    break;
                case RejectNode:
                    break;
                default:
                    error(p, "unknown node");
                    break;
            }
        }
    }

    private static void ValidateCondition(Condition condition, string path, bool inConsiderIf, Action<string, string> error)
    {
        switch (condition)
        {
            case Comparison c:
                switch (c.Operand)
                {
                    case ConditionOperand.CallVariable when c.Number is < 1 or > 10:
                        error($"{path}.number", $"call variable must be 1 to 10 (got {c.Number})");
                        break;
                    case ConditionOperand.EccVariable when string.IsNullOrWhiteSpace(c.Name):
                        error($"{path}.name", "the ECC variable's name is required");
                        break;
                    case ConditionOperand.TimeOfDay when !ConditionEvaluator.TryParseTimeOfDay(c.Value, out _):
                        error($"{path}.value", $"must be a time HH:MM (got '{c.Value}')");
                        break;
                    case ConditionOperand.DayOfWeek when !Enum.TryParse<DayOfWeek>(c.Value, true, out _):
                        error($"{path}.value", $"must be a day, Monday to Sunday (got '{c.Value}')");
                        break;
                    case ConditionOperand.LoggedOnAgents or ConditionOperand.AvailableAgents when !inConsiderIf:
                        error($"{path}.operand", "agent counts apply only to a precision queue step's considerIf");
                        break;
                    case ConditionOperand.TaskPriority or ConditionOperand.LoggedOnAgents or ConditionOperand.AvailableAgents when !int.TryParse(c.Value, out _):
                        error($"{path}.value", $"must be a number (got '{c.Value}')");
                        break;
                }
                break;
            case AllOf all:
                for (var i = 0; i < all.Conditions.Count; i++) ValidateCondition(all.Conditions[i], $"{path}.all[{i}]", inConsiderIf, error);
                break;
            case AnyOf any:
                for (var i = 0; i < any.Conditions.Count; i++) ValidateCondition(any.Conditions[i], $"{path}.any[{i}]", inConsiderIf, error);
                break;
            case Not not:
                ValidateCondition(not.Condition, $"{path}.not", inConsiderIf, error);
                break;
        }
    }
}
