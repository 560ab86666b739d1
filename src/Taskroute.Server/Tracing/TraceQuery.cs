using System.Globalization;
using Taskroute.Core.Configuration;
using Taskroute.Core.Ids;
using Taskroute.Server.Api.Traces;
using Taskroute.Storage.Index;

namespace Taskroute.Server.Tracing;

/// <summary>
/// Reads what a person typed into a trace request: a task by any of its ids, or an agent (login id
/// or ICM agent id, or <c>agent:N</c>) with a time window. The API, the CLI and the trace page all
/// go through here, so an id means the same everywhere.
/// </summary>
public static class TraceQuery
{
    public const string IdHelp = "give a SocialContact id (GUID, with or without dashes), a DialogueID, a task id (day:key:seq, day/key/seq or day_key_seq), a RouterCallKey (CID=(day,key) or day:key), or an agent's login id or ICM agent id with from/to";

    /// <summary>How far back an agent's list reaches when no window is given.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    public static TraceAnswer Answer(TraceStore store, string id, DateTimeOffset? from, DateTimeOffset? to, int limit, DateTimeOffset now)
    {
        id = id.Trim();
        if (id.Length == 0) return new TraceAnswer.Invalid("an id is required: " + IdHelp);
        if (id.Length > 100) return new TraceAnswer.Invalid("the id is longer than any task id: " + IdHelp);
        if (limit is < 1 or > TraceStore.MaxListed) return new TraceAnswer.Invalid($"limit: 1 to {TraceStore.MaxListed} (got {limit})");
        if (from is not null && to is not null && from > to) return new TraceAnswer.Invalid("from: must not be after to");

        var agentPrefix = id.StartsWith("agent:", StringComparison.OrdinalIgnoreCase) || id.StartsWith("agent/", StringComparison.OrdinalIgnoreCase);
        var windowed = from is not null || to is not null;
        // A window is for an agent's list: with a task's id (or a number no agent has) it is left aside.
        if (windowed && !agentPrefix && (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var maybeAgent) || store.FindAgent(maybeAgent) is null)
            && TaskKey.TryParse(id, out _))
            windowed = false;
        if (agentPrefix || windowed)
        {
            var number = agentPrefix ? id[6..] : id;
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var agentNumber))
                return new TraceAnswer.Invalid($"'{id}' is not an agent: a time window (from/to) lists an agent's tasks by login id or ICM agent id");
            return store.FindAgent(agentNumber) is { } agent
                ? new TraceAnswer.Agent(AgentList(store, agent, from, to, limit, now))
                : new TraceAnswer.NotFound($"no agent with login id or ICM agent id {agentNumber}");
        }

        if (!TaskKey.TryParse(id, out var key)) return new TraceAnswer.Invalid($"'{id}' is not an id Taskroute knows: {IdHelp}");
        var tasks = store.Resolve(key);
        // A contact's id names its latest task, as its poll does (after a transfer, the new one);
        // the others are related. Every other id names one task.
        if (tasks.Count > 0 && store.Trace(key.Kind == TaskKeyKind.Contact ? tasks[^1] : tasks[0]) is { } trace)
        {
            // The contact's other tasks (before and after a transfer) are related whichever id was asked.
            var contactTasks = trace.ContactId == Guid.Empty ? tasks : store.Resolve(TaskKey.ForContact(trace.ContactId));
            var related = tasks.Union(contactTasks).Order().ToList();
            // A task made by a transfer carries the contact's data, as submitted, in its first task's records.
            if (trace.Data is null && related.Count > 1 && related[0] != trace.Task && store.Trace(related[0])?.Data is { } first)
                trace = trace with { Data = first.ForTransfer(trace.ScriptSelector ?? first.ScriptSelector, trace.PreviousTask) };
            return new TraceAnswer.Task(TraceResource.From(trace, related, t => store.Trace(t)?.TaskId ?? IcmTaskId.None));
        }

        // A plain number that is no DialogueID may be an agent: list its last day's tasks.
        if (key.Kind == TaskKeyKind.Dialogue && store.FindAgent((int)key.Number) is { } byNumber)
            return new TraceAnswer.Agent(AgentList(store, byNumber, null, null, limit, now));
        return new TraceAnswer.NotFound(key.Kind switch
        {
            TaskKeyKind.Contact => $"no task with SocialContact id {key.Contact:D}",
            TaskKeyKind.Dialogue => $"no task with DialogueID {key.Number}, and no agent with that login id or ICM agent id",
            _ => $"no task with task id {id}",
        });
    }

    private static AgentTraceList AgentList(TraceStore store, AgentConfig agent, DateTimeOffset? from, DateTimeOffset? to, int limit, DateTimeOffset now)
    {
        var end = to ?? now;
        var start = from ?? end - DefaultWindow;
        var (traces, hasMore, through) = store.AgentTasks(agent, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), limit);
        // Oldest first across tasks, as the reservations were read (each task's items come together
        // otherwise: a task reserved twice sat before one reserved in between). A cut list stops at
        // its last reservation kept, so a task's later reservations past the cut wait for the next
        // page, which asks from that time: none is skipped and the list stays in time order.
        var items = traces.SelectMany(t => AgentTraceList.ItemsOf(TraceResource.From(t), agent.Id, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds()))
            .Where(i => through is null || i.ReservedAt is null || i.ReservedAt <= through)
            .OrderBy(i => i.ReservedAt ?? long.MinValue).ThenBy(i => i.Task);
        return new AgentTraceList(agent.Id, agent.LoginId, agent.Name, start, end, [.. items]) { HasMore = hasMore };
    }

    /// <summary>Reads a time as ISO 8601 or as Unix milliseconds; null text is no time.</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            if (ms > 253_402_300_799_999) return false;
            time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }
        return false;
    }
}
