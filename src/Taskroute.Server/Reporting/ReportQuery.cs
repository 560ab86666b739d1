using System.Globalization;
using Taskroute.Core.Configuration;
using Taskroute.Core.Reporting;
using Taskroute.Storage;
using Taskroute.Storage.Reports;

namespace Taskroute.Server.Reporting;

/// <summary>
/// Answers report questions from the stored reports, once they hold what the journal held when
/// asked, adding the time agents have spent so far in their current states.
/// </summary>
public sealed class ReportQuery
{
    private readonly ReportStore _store;
    private readonly TimeProvider _time;
    private readonly Func<IReadOnlyList<AgentSpan>> _agents;
    private readonly Func<string?> _behind;

    /// <summary>For a running server: waits for the keeper to hold what is durable.</summary>
    public ReportQuery(ReportKeeper keeper, IJournal journal, Func<RoutingConfiguration> configuration, TimeProvider time)
        : this(keeper.Store, configuration, time, () => keeper.AgentSpans, () => keeper.WaitFor(journal.LastSequence, TimeSpan.FromSeconds(5)) ? null
            : keeper.Stopped ? $"the reports stopped at record {keeper.Store.Sequence} of {journal.LastSequence} after a write or a journal read failed (the server's log says why); they try again every {ReportKeeper.RetryAfter.TotalSeconds:N0} s and catch up once the cause is mended"
            : $"the reports are catching up with the journal (at record {keeper.Store.Sequence} of {journal.LastSequence}); try again in a moment")
    {
    }

    /// <summary>
    /// Over a store brought up to date by its caller: <paramref name="agents"/> gives the agents'
    /// current states, <paramref name="behind"/> says why the store cannot answer yet (null when it can).
    /// </summary>
    /// <paramref name="configuration"/> gives the configuration the server runs under now.
    public ReportQuery(ReportStore store, Func<RoutingConfiguration> configuration, TimeProvider time, Func<IReadOnlyList<AgentSpan>> agents, Func<string?> behind)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = time;
        _agents = agents;
        _behind = behind;
        _configuration = configuration;
    }

    private readonly Func<RoutingConfiguration> _configuration;
    private Named? _named;

    /// <summary>The configuration's names and agents, made again when a configuration change replaces it.</summary>
    private Named View
    {
        get
        {
            var configuration = _configuration();
            var named = _named;
            if (named is null || !ReferenceEquals(named.Configuration, configuration))
                _named = named = new Named(configuration, new ReportNames(configuration), configuration.Agents.Select(a => a.LoginId).ToHashSet());
            return named;
        }
    }

    private sealed record Named(RoutingConfiguration Configuration, ReportNames Names, HashSet<int> Logins);

    /// <summary>Whether an MRD, skill group, precision queue or script selector of this id (a selector's name) is configured.</summary>
    public bool Knows(ReportDimension dimension, string id) => dimension switch
    {
        ReportDimension.Mrd => int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && View.Configuration.Mrds.Any(m => m.Id == n),
        ReportDimension.SkillGroup => int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && View.Configuration.SkillGroups.Any(g => g.Id == n),
        ReportDimension.PrecisionQueue => int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && View.Configuration.PrecisionQueues.Any(q => q.Id == n),
        // Or one the configuration lacks that tasks were submitted with: they are counted under the
        // name they gave (and discarded), and that row is read as the summary lists it.
        ReportDimension.ScriptSelector => View.Configuration.ScriptSelectors.Any(s => s.Name == id) || _store.Counted(id),
        _ => true,
    };

    /// <summary>The longest period one report may cover.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    /// <summary>The times a report may start or end between.</summary>
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch, Latest = new(9999, 12, 30, 0, 0, 0, TimeSpan.Zero);

    private static readonly Counter[] Counters = Enum.GetValues<Counter>();

    public int IntervalMinutes => _store.IntervalMinutes;

    public long IntervalMs => IntervalMinutes * 60_000L;

    /// <summary>
    /// The period asked for, widened to whole intervals: today (UTC) when neither end is given, the
    /// day before <paramref name="to"/> when only it is, up to now when only <paramref name="from"/> is.
    /// </summary>
    public (long From, long To) Period(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from < Earliest || from > Latest || to < Earliest || to > Latest)
            throw new ArgumentOutOfRangeException(from < Earliest || from > Latest ? nameof(from) : nameof(to), $"reports cover times from {Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}");
        var now = _time.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var (start, end) = (from, to) switch
        {
            (null, null) => (today, today.AddDays(1)),
            (null, { } t) => (t.AddDays(-1), t),
            ({ } f, null) => (f, now),
            ({ } f, { } t) => (f, t),
        };
        var fromMs = ReportBuilder.FloorTo(start.ToUnixTimeMilliseconds(), IntervalMs);
        var toMs = end.ToUnixTimeMilliseconds();
        var toFloor = ReportBuilder.FloorTo(toMs, IntervalMs);
        return (fromMs, toFloor == toMs ? toMs : toFloor + IntervalMs);
    }

    /// <summary>Rows per interval. With <paramref name="team"/>, agent rows only for agents whose login id it holds (a supervisor's team).</summary>
    public IntervalReport Intervals(ReportDimension by, long from, long to, string? id, IReadOnlySet<int>? team = null)
    {
        var rows = Rows(by, from, to, id, team);
        var list = rows.OrderBy(r => r.Key.Start).ThenBy(r => r.Key.Id, StringComparer.Ordinal)
            .Select(r => Row(by, r.Key.Id, r.Key.Start, r.Key.Start + IntervalMs, r.Value)).ToList();
        var totals = rows.GroupBy(r => r.Key.Start).OrderBy(g => g.Key)
            .Select(g => Total(by, g.Key, g.Key + IntervalMs, g.Select(r => (r.Key.Id, r.Value)))).ToList();
        return new IntervalReport(Name(by), IntervalMinutes, Time(from), Time(to), list, Total(by, from, to, rows.Select(r => (r.Key.Id, r.Value)))) { IntervalTotals = totals };
    }

    /// <summary>Rows summed over the period. With <paramref name="team"/>, agent rows only for agents whose login id it holds.</summary>
    public IntervalReport Summary(ReportDimension by, long from, long to, string? id, IReadOnlySet<int>? team = null)
    {
        var rows = Rows(by, from, to, id, team);
        var list = rows.GroupBy(r => r.Key.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(by, g.Key, from, to, Sum(g.Select(r => r.Value)))).ToList();
        return new IntervalReport(Name(by), IntervalMinutes, Time(from), Time(to), list, Total(by, from, to, rows.Select(r => (r.Key.Id, r.Value))));
    }

    /// <summary>Ended tasks, paged. With <paramref name="team"/>, only those last held by one of its agents or by none.</summary>
    public TaskDetailPage Tasks(long from, long to, ReportKey? key, TaskOutcome? outcome, int page, int pageSize, IReadOnlySet<int>? team = null)
    {
        CaughtUp();
        var (tasks, total) = _store.Tasks(new TaskDetailFilter(from, to) { Key = key, Outcome = outcome, Logins = team }, (page - 1) * pageSize, pageSize);
        return new TaskDetailPage(Time(from), Time(to), total, page, pageSize, tasks);
    }

    /// <summary>The dimension's API name: mrd, skillGroup, precisionQueue, agent, scriptSelector.</summary>
    public static string Name(ReportDimension dimension) => dimension switch
    {
        ReportDimension.Mrd => "mrd",
        ReportDimension.SkillGroup => "skillGroup",
        ReportDimension.PrecisionQueue => "precisionQueue",
        ReportDimension.Agent => "agent",
        _ => "scriptSelector",
    };

    /// <summary>Reads a dimension as the API and CLI accept it: its name in any case, or sg, pq, selector.</summary>
    public static bool TryParseDimension(string? text, out ReportDimension dimension)
    {
        dimension = ReportDimension.Mrd;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "mrd": return true;
            case "skillgroup" or "skill-group" or "sg": dimension = ReportDimension.SkillGroup; return true;
            case "precisionqueue" or "precision-queue" or "pq": dimension = ReportDimension.PrecisionQueue; return true;
            case "agent": dimension = ReportDimension.Agent; return true;
            case "scriptselector" or "script-selector" or "selector": dimension = ReportDimension.ScriptSelector; return true;
            default: return false;
        }
    }

    /// <summary>A counter's API name: camel case of its own.</summary>
    public static string Name(Counter counter)
    {
        var name = counter.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private Dictionary<(long Start, string Id), IntervalCounters> Rows(ReportDimension by, long from, long to, string? id, IReadOnlySet<int>? team)
    {
        var rows = Rows(by, from, to, id);
        if (team is null || by != ReportDimension.Agent) return rows;
        foreach (var key in rows.Keys.ToList())
            if (!InTeam(team, key.Id)) rows.Remove(key);
        return rows;
    }


    /// <summary>Whether an agent with this login id is configured.</summary>
    public bool IsAgent(int loginId) => View.Logins.Contains(loginId);

    /// <summary>Whether an agent row's id (a login id) names one of <paramref name="team"/>.</summary>
    public static bool InTeam(IReadOnlySet<int> team, string agentId) =>
        int.TryParse(agentId, NumberStyles.None, CultureInfo.InvariantCulture, out var login) && team.Contains(login);

    private Dictionary<(long Start, string Id), IntervalCounters> Rows(ReportDimension by, long from, long to, string? id)
    {
        CaughtUp();
        var rows = new Dictionary<(long, string), IntervalCounters>();
        foreach (var row in _store.Intervals(by, from, to, id)) rows[(row.Start, row.Key.Id)] = row.Counters;
        // Agents' time in their current states is not stored until they change; a report of now counts it.
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var ((start, key), counters) in ReportBuilder.OpenTime(_agents(), now, IntervalMs))
        {
            if (key.Dimension != by || start < from || start >= to || (id is not null && key.Id != id)) continue;
            if (rows.TryGetValue((start, key.Id), out var kept)) kept.Add(counters);
            else rows[(start, key.Id)] = counters;
        }
        return rows;
    }

    private void CaughtUp()
    {
        if (_behind() is { } why) throw new ReportsBehindException(why);
    }

    // A total's service level takes each row under its own MRD's rule for abandons: MRDs may count
    // them differently, and one rule for all would make the headline depend on which MRD is listed first.
    private ReportRow Total(ReportDimension by, long from, long to, IEnumerable<(string Id, IntervalCounters Counters)> rows)
    {
        var list = rows.ToList();
        var sum = Sum(list.Select(r => r.Counters));
        var figures = IntervalFigures.From(sum, View.Names.ServiceLevelType(by, null)) with
        {
            ServiceLevel = IntervalFigures.ServiceLevelOf(list.Select(r => (r.Counters, View.Names.ServiceLevelType(by, r.Id)))),
        };
        return new(Time(from), Time(to), Name(by), "*", "all", Counts(sum), figures) { NotReadyByReason = Reasons(sum) };
    }

    private ReportRow Row(ReportDimension by, string id, long start, long end, IntervalCounters counters) =>
        new(Time(start), Time(end), Name(by), id, View.Names.Of(by, id), Counts(counters), IntervalFigures.From(counters, View.Names.ServiceLevelType(by, id)))
        {
            NotReadyByReason = Reasons(counters),
        };

    // Keyed by the code as text, as JSON objects are, in the codes' order.
    private static Dictionary<string, long> Reasons(IntervalCounters counters) =>
        counters.NotReadyByReason.ToDictionary(r => r.Key.ToString(CultureInfo.InvariantCulture), r => r.Value);

    private static IntervalCounters Sum(IEnumerable<IntervalCounters> rows)
    {
        var sum = new IntervalCounters();
        foreach (var row in rows) sum.Add(row);
        return sum;
    }

    private static Dictionary<string, long> Counts(IntervalCounters counters)
    {
        var counts = new Dictionary<string, long>(Counters.Length);
        foreach (var c in Counters) counts[Name(c)] = counters[c];
        return counts;
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
