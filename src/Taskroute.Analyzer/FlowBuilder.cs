using System.Runtime.CompilerServices;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
using Taskroute.Core.Tracing;

namespace Taskroute.Analyzer;

/// <summary>
/// Reads one task's events as a flow. The steps, timings and most anomalies come from Core's
/// <see cref="TraceBuilder"/>, so that the logs tell the same story as Taskroute's own trace; it is
/// fed one observation of each message (the same message is often in two logs: the router's
/// NewCall and the PIM's, ctisvr's OFFER_TASK_IND and Finesse's).
/// </summary>
internal static class FlowBuilder
{
    private const long InferenceWindowMs = 5;

    // Whose observation of a message counts, in order of preference: the router's clock for its
    // own decisions, the MR PIM's for the MR protocol, ctisvr's for the ARM messages.
    private static readonly Dictionary<MessageType, LogComponent[]> Preferred = new()
    {
        [MessageType.CREATE_SOCIAL_CONTACT] = [LogComponent.CcpPublicApps, LogComponent.CcpApi, LogComponent.Runtime],
        [MessageType.SOCIAL_CONTACT_CREATED] = [LogComponent.Runtime, LogComponent.CcpApi],
        [MessageType.SOCIAL_CONTACT_UPDATED] = [LogComponent.CcpApi, LogComponent.Runtime],
        [MessageType.NEW_TASK] = [LogComponent.Pim],
        [MessageType.NEW_CALL] = [LogComponent.Rtr, LogComponent.Pim],
        [MessageType.QUEUED_TASK_EVENT] = [LogComponent.Rtr],
        [MessageType.DEVICE_TARGET_PRE_CALL_IND] = [LogComponent.Rtr, LogComponent.CtiSvr],
        [MessageType.CONNECT] = [LogComponent.Rtr, LogComponent.Pim],
        [MessageType.DO_THIS_WITH_TASK] = [LogComponent.Pim],
        [MessageType.RELEASE_CALL] = [LogComponent.Rtr, LogComponent.Pim],
        [MessageType.ROUTE_END] = [LogComponent.Rtr, LogComponent.Pim],
        [MessageType.REQUEUE_TASK] = [LogComponent.Rtr],
        [MessageType.AGENT_EVENT] = [LogComponent.CtiSvr, LogComponent.WebServices, LogComponent.Rtr],
        [MessageType.CLOSE_TASK] = [LogComponent.WebServices, LogComponent.CcpApi],
    };

    private static readonly LogComponent[] ArmOrder = [LogComponent.CtiSvr, LogComponent.WebServices];

    private static readonly LogComponent[]?[] PreferredByType = PreferenceTable();

    private static LogComponent[]?[] PreferenceTable()
    {
        var table = new LogComponent[]?[256];
        for (var t = 0; t < table.Length; t++)
        {
            var type = (MessageType)t;
            table[t] = Preferred.TryGetValue(type, out var order) ? order
                : type is >= MessageType.MEDIA_LOGIN_REQ and <= MessageType.FAILURE_RESP ? ArmOrder
                : null;
        }
        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LogComponent[]? PreferredFor(MessageType type) => PreferredByType[(int)type];

    /// <summary>The task's own times (offered, started, its anomalies...) are told at <paramref name="clock"/>, the ICM servers' offset, whichever log said them; each timeline event keeps its own log's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TaskFlow Build(int number, List<LogEvent> events, TimeSpan longGap, TimeSpan clock)
    {
        events = EventOrder.Merge(events);
        InferAgentStates(events);
        var ids = Ids.Of(events);
        DateTimeOffset At(long t) => DateTimeOffset.FromUnixTimeMilliseconds(t).ToOffset(clock);

        // FlowEvents are large structs and a task has dozens: each thread reuses one list rather than
        // allocating one per task (the trace holds it only while this method runs).
        var flow = t_flow ?? new List<FlowEvent>(events.Count);
        t_flow = null;
        // Whose observation of each message counts, once looked up; NotChosen until then.
        var chosen = new LogComponent[256];
        chosen.AsSpan().Fill(NotChosen);
        // Which components logged a usable observation of each message, one bit per component.
        Span<int> logged = stackalloc int[256];
        foreach (var e in events)
            if (e.Type is { } t && Usable(e) && !OtherMrd(e, ids)) logged[(int)t] |= 1 << (int)e.Component;
        const int preCall = (int)MessageType.DEVICE_TARGET_PRE_CALL_IND;
        if ((logged[preCall] & (1 << (int)LogComponent.Rtr)) != 0 && (logged[preCall] & (1 << (int)LogComponent.CtiSvr)) != 0 && RouterAhead(events))
            chosen[preCall] = LogComponent.CtiSvr;
        foreach (var e in events)
        {
            if (e.Type is not { } type || OtherMrd(e, ids)) continue;
            if (PreferredFor(type) is { } order)
            {
                var component = chosen[(int)type];
                if (component == NotChosen)
                {
                    component = LogComponent.Unknown;
                    foreach (var c in order)
                    {
                        if ((logged[(int)type] & (1 << (int)c)) == 0) continue;
                        component = c;
                        break;
                    }
                    chosen[(int)type] = component;
                }
                if (component != LogComponent.Unknown && e.Component != component) continue;
            }
            if (!Usable(e)) continue;
            var f = ToFlow(number, e, ids, events);
            // The MR PG's NEW_TASK_FAILURE_EVENT ends the task for the application, which discards the
            // contact (or, when it had cancelled it, keeps it cancelled): the status CCP gives it then,
            // which its own lines log only after, is what tells the trace how the task ended.
            if (type == MessageType.NEW_TASK_FAILURE_EVENT && f.ContactStatus == ContactStatus.None)
                f = f with { ContactStatus = events.Exists(x => x.Time <= e.Time && (x.Type == MessageType.CANCEL_TASK || x.Message == "DELETE_SOCIAL_CONTACT")) ? ContactStatus.Cancelled : ContactStatus.Discarded };
            // The same for the desktop's close (CLOSE_TASK): CCP keeps a contact whose task was started
            // as handled and discards one that never was. Finesse's line of it names no disposition
            // when the desktop gave none; CCP's line of the same close says the one it was given.
            if (type == MessageType.CLOSE_TASK && f.ContactStatus == ContactStatus.None)
                f = f with
                {
                    ContactStatus = events.Exists(x => x.Time <= e.Time && x.Type is MessageType.START_TASK_IND or MessageType.START_TASK_EVENT) ? ContactStatus.Handled : ContactStatus.Discarded,
                    Disposition = f.Disposition != Disposition.None ? f.Disposition
                        : events.FirstOrDefault(x => x.Type == MessageType.CLOSE_TASK && x.Disposition != Disposition.None && Math.Abs(x.Time - e.Time) <= InferenceWindowMs)?.Disposition ?? Disposition.None,
                };
            flow.Add(f);
            // ctisvr logs its _EVENT for an _IND it received: where no log kept the _IND itself
            // (ctisvr without its Session lines, Finesse's event lines only), the event stands for it.
            if (IndOf(type) is { } ind && logged[(int)ind] == 0) flow.Add(f with { Message = ind });
        }
        var trace = TraceBuilder.BuildFromOwnEvents(number, flow);

        // The application took the task back (the Task API's DELETE: CCP's DELETE_SOCIAL_CONTACT,
        // the MR PIM's CANCEL_TASK) before an agent started it: it ended there, abandoned, and what the
        // router and the MR PG answer to the cancel (ROUTE_END, NEW_TASK_FAILURE_EVENT) is its echo, not a failure.
        var cancelledAt = trace.Events.Count == 0 || !flow.Exists(e => e.Message == MessageType.START_TASK_IND)
            ? events.FirstOrDefault(e => e.Type == MessageType.CANCEL_TASK || e.Message == "DELETE_SOCIAL_CONTACT")?.Time
            : null;
        // CCE's desktop ends a task the customer left before it was started with END_TASK_IND of
        // disposition 37 (while offered) or 36 (its start timer ran out before the offer) and no
        // START_TASK; the trace reads an abandonment only from CCP's close, which in CCE's logs is a
        // status with no disposition, or is not there at all.
        var left = cancelledAt is null && !flow.Exists(f => f.Message is MessageType.START_TASK_IND or MessageType.START_TASK_EVENT)
            ? events.FirstOrDefault(e => e.Type is MessageType.END_TASK_IND or MessageType.END_TASK_EVENT && e.Disposition is Disposition.AbandonedWhileOffered or Disposition.AbandonedBeforeOffered)
            : null;
        var ended = trace.Ended || cancelledAt is not null || events.Any(e => MessageRoutes.EndsTask(e.Type));
        var anomalies = new List<TaskAnomaly>();
        if (cancelledAt is { } cancel && !trace.Flags.Any(f => IsEnd(f.Kind)))
        {
            var reserved = trace.Decisions.Count > 0 || events.Any(e => e.Type == MessageType.DEVICE_TARGET_PRE_CALL_IND && e.Time <= cancel);
            anomalies.Add(reserved
                ? new TaskAnomaly(AnomalyKind.AbandonedWhileOffered, At(cancel), "cancelled by the application while an agent was reserved")
                : new TaskAnomaly(AnomalyKind.AbandonedInQueue, At(cancel), "cancelled by the application while queued"));
        }
        foreach (var f in trace.Flags)
        {
            // Never started, so steps 7 and 8 never happened: the logs lack nothing. The trace knows it
            // of a task it saw end; CCE's logs without CCP's close end it only by the desktop's END_TASK.
            if (left is not null && f.Kind == TraceFlagKind.MissingStep && (f.Detail.StartsWith("step 7 ", StringComparison.Ordinal) || f.Detail.StartsWith("step 8 ", StringComparison.Ordinal)))
                continue;
            if (left is not null && IsEnd(f.Kind) && f.Detail == Disposition.None.Words())
                continue;
            AnomalyKind? kind = f.Kind switch
            {
                TraceFlagKind.MissingStep => AnomalyKind.MissingStep,
                TraceFlagKind.Rona => AnomalyKind.Rona,
                TraceFlagKind.ReservedNeverOffered => AnomalyKind.ReservedNeverOffered,
                TraceFlagKind.NotEnded => ended ? null : AnomalyKind.NotEnded,
                TraceFlagKind.AbandonedInQueue => AnomalyKind.AbandonedInQueue,
                TraceFlagKind.AbandonedWhileOffered => AnomalyKind.AbandonedWhileOffered,
                // From Taskroute's own per-task interruption advisories, which no log the analyzer reads holds.
                TraceFlagKind.Interrupted => null,
                _ => AnomalyKind.Discarded,
            };
            if (kind is { } k) anomalies.Add(new TaskAnomaly(k, f.Time is { } t ? At(t) : null, f.Detail));
        }
        if (left is { } end && !anomalies.Exists(a => IsEnd(a.Kind)))
            anomalies.Add(new TaskAnomaly(AnomalyKind.AbandonedWhileOffered, At(end.Time),
                $"{(end.Disposition == Disposition.AbandonedWhileOffered ? "abandoned while offered" : "abandoned before offered")} to agent {(end.AgentId != 0 ? end.AgentId : trace.AgentId)}: " +
                $"ended before it was started, {end.Disposition.Words()}"));
        // How the task ended is said once, as the trace says it: the router's and the MR PG's lines
        // of that end (ROUTE_END, NEW_TASK_FAILURE_EVENT) are not failures besides.
        var endExplained = anomalies.Exists(a => IsEnd(a.Kind));
        var rona = trace.RonaCount;
        if (rona == 0)
        {
            foreach (var e in events.Where(e => e.Disposition == Disposition.RingNoAnswer && e.Type != MessageType.REQUEUE_TASK).GroupBy(e => e.AgentId).Select(g => g.First()))
            {
                rona++;
                anomalies.Add(new TaskAnomaly(AnomalyKind.Rona, At(e.Time), $"agent {(e.AgentId != 0 ? e.AgentId : e.LoginId)} did not start the task in time (ring no answer)"));
            }
        }
        // The router ending a task that waited past its MRD's max time in queue or task life is the
        // task abandoned in queue, as its trace says, not a failure: the router's and the MR PG's
        // lines of it (ROUTE_END, NEW_TASK_FAILURE_EVENT) are its end.
        long? expiredAt = null;
        foreach (var e in events)
        {
            if (e.Message == "DECODE_ERROR")
                anomalies.Add(new TaskAnomaly(AnomalyKind.DecodeError, At(e.Time), $"{LogComponentNames.Of(e.Component)}: {e.Detail} ({e.Source}:{e.Line})"));
            else if (cancelledAt is { } cancelled && e.Time >= cancelled)
                continue;
            else if (e.Type is MessageType.NEW_TASK_FAILURE_EVENT or MessageType.ROUTE_END && e.Disposition is Disposition.AbandonedInRouter or Disposition.MaxTaskLifetimeExceeded
                && !flow.Exists(x => x.Message == MessageType.START_TASK_IND) && events.Any(x => x.Type == MessageType.QUEUED_TASK_EVENT && x.Time <= e.Time))
                expiredAt ??= e.Time;
            else if (endExplained && e.Type is MessageType.NEW_TASK_FAILURE_EVENT or MessageType.ROUTE_END)
                continue;
            else if (e.Type is MessageType.FAILURE_RESP or MessageType.NEW_TASK_FAILURE_EVENT || e.Type == MessageType.ROUTE_END && e.Disposition != Disposition.None)
                anomalies.Add(new TaskAnomaly(AnomalyKind.Failure, At(e.Time), $"{e.Message} {(e.Detail ?? (e.Disposition != Disposition.None ? $"disposition {(int)e.Disposition}" : ""))}".TrimEnd()));
        }
        if (expiredAt is { } expired)
        {
            ended = true;
            if (!anomalies.Exists(a => IsEnd(a.Kind)))
                anomalies.Add(new TaskAnomaly(AnomalyKind.AbandonedInQueue, At(expired), "abandoned in queue: the router ended it after its max time in queue or task life"));
        }
        for (var i = 1; i < events.Count; i++)
        {
            var gap = events[i].Time - events[i - 1].Time;
            if (gap > longGap.TotalMilliseconds)
                anomalies.Add(new TaskAnomaly(AnomalyKind.LongGap, At(events[i - 1].Time),
                    $"nothing logged for {TimeSpan.FromMilliseconds(gap):g} between {events[i - 1].Message} and {events[i].Message}"));
        }

        var states = new List<AgentStateChange>();
        foreach (var e in events.Where(e => e.Message == "AGENT_EVENT" && (e.AgentState is not null || e.Detail is not null) && !OtherMrd(e, ids) &&
                                            e.Component == Chosen(chosen, MessageType.AGENT_EVENT, e.Component)))
        {
            var agent = e.AgentId != 0 ? e.AgentId : ids.LoginToAgent(e.LoginId);
            var login = e.LoginId != 0 ? e.LoginId : ids.AgentToLogin(e.AgentId);
            var change = new AgentStateChange(At(e.Time), agent, login, e.MrdId != 0 ? e.MrdId : e.VoiceState ? 0 : ids.Mrd, e.AgentState, e.AgentStateInferred, e.Component)
            {
                Name = e.AgentState?.ToString() ?? e.Detail!,
            };
            if (states.Count > 0 && states[^1].Name == change.Name && states[^1].AgentId == change.AgentId && states[^1].At == change.At) continue;
            states.Add(change);
        }

        long? First(MessageType type) => flow.FirstOrDefault(f => f.Message == type) is { Time: > 0 } f ? f.Time : null;
        long? Last(MessageType type) => flow.LastOrDefault(f => f.Message == type) is { Time: > 0 } f ? f.Time : null;
        var steps = trace.Steps.Select(s => new FoundStep(s.Number, s.Name, s.Time is { } t ? At(t) : null)).ToList();
        // The trace counts an offer only after the reservation it answers; the logs may hold no
        // reservation (Finesse's and CCP's logs alone), or one on a clock ahead of the offer's.
        if (!steps[5].Found && Last(MessageType.OFFER_TASK_IND) is { } offerInd && First(MessageType.OFFER_TASK_EVENT) is { } offerEvent)
        {
            steps[5] = steps[5] with { At = At(Math.Max(offerInd, offerEvent)) };
            anomalies.RemoveAll(a => a.Kind == AnomalyKind.MissingStep && a.Detail.StartsWith("step 6 ", StringComparison.Ordinal));
        }
        PartialSteps.Mend(steps, anomalies, events);
        for (var i = 0; i < steps.Count; i++)
        {
            var prefix = $"step {steps[i].Number} ";
            if (!steps[i].Found && anomalies.Exists(a => a.Kind == AnomalyKind.MissingStep && a.Detail.StartsWith(prefix, StringComparison.Ordinal)))
                steps[i] = steps[i] with { Missing = true };
        }
        var timings = Plausible(OneClockTimings.Of(trace.Timings, trace.RonaCount, events), anomalies);

        var result = new TaskFlow
        {
            Number = number,
            TaskId = ids.TaskId,
            RouterCallKeyDay = ids.Day,
            RouterCallKey = ids.Key,
            ContactId = ids.Contact,
            DialogueId = ids.Dialogue,
            AgentId = trace.AgentId != 0 ? trace.AgentId : ids.Agent,
            LoginId = trace.LoginId != 0 ? trace.LoginId
                : ids.AgentToLogin(trace.AgentId != 0 ? trace.AgentId : ids.Agent) is var known and not 0 ? known
                // ctisvr's last pre-call names the instrument the task was last routed to, its agent's login.
                : events.LastOrDefault(e => e.Type == MessageType.DEVICE_TARGET_PRE_CALL_IND && e.LoginId != 0)?.LoginId ?? 0,
            MrdId = ids.Mrd,
            SkillGroupId = trace.SkillGroupId != 0 ? trace.SkillGroupId : ids.SkillGroup,
            ScriptSelector = trace.ScriptSelector ?? ids.Selector,
            Status = StatusOf(events, cancelledAt, trace.Status),
            // Taskroute's trace reads it from the contact's close; a CCE's logs give it on the desktop's end or the router's.
            Disposition = trace.Disposition != Disposition.None ? trace.Disposition
                : events.FirstOrDefault(e => e.Type is MessageType.END_TASK_IND or MessageType.END_TASK_EVENT or MessageType.NEW_TASK_FAILURE_EVENT or MessageType.ROUTE_END
                                             && e.Disposition != Disposition.None)?.Disposition ?? Disposition.None,
            Ended = ended,
            RonaCount = rona,
            First = At(events[0].Time),
            Last = At(events[^1].Time),
            OfferedAt = Last(MessageType.OFFER_TASK_IND) is { } o ? At(o) : null,
            StartedAt = First(MessageType.START_TASK_IND) is { } s ? At(s) : null,
            EndedAt = (First(MessageType.END_TASK_IND) ?? First(MessageType.END_TASK_EVENT) ?? First(MessageType.CLOSE_TASK) ?? cancelledAt ?? expiredAt) is { } x ? At(x) : null,
            Timeline = events,
            Steps = steps,
            AgentStates = states,
            Timings = timings,
            // The same line in two components' logs (the router's ROUTE_END in the PIM's and the router's) is one anomaly.
            Anomalies = [.. anomalies.DistinctBy(a => (a.Kind, a.At, a.Detail))],
            Components = ComponentsOf(events),
        };
        flow.Clear();
        // A list grown by a task of thousands of events is not kept on the thread for later ones.
        if (flow.Capacity <= KeptFlowCapacity) t_flow = flow;
        return result;
    }

    private const int KeptFlowCapacity = 4096;

    // The contact's last status a CCP line gave; else a cancel's, which CCP's Task API shows as
    // discarded, when no status came after it; else the one the trace read from the task's end
    // (a close, a refusal); none without evidence. A contact still waiting (unread, queued) by a
    // line from before an agent started its task is no longer so: the logs say nothing of its status since.
    private static ContactStatus StatusOf(List<LogEvent> events, long? cancelledAt, ContactStatus traced)
    {
        var logged = events.LastOrDefault(e => e.Status != ContactStatus.None);
        if (logged is { Status: ContactStatus.Unread or ContactStatus.Queued } waiting
            && events.Exists(e => e.Type is MessageType.START_TASK_IND or MessageType.START_TASK_EVENT && e.Time > waiting.Time))
            logged = null;
        if (cancelledAt is { } cancel && (logged is null || logged.Time < cancel)) return ContactStatus.Cancelled;
        return logged?.Status ?? traced;
    }

    // The flags that say how a task ended before an agent started it.
    private static bool IsEnd(TraceFlagKind kind) => kind is TraceFlagKind.AbandonedInQueue or TraceFlagKind.AbandonedWhileOffered or TraceFlagKind.Discarded;

    private static bool IsEnd(AnomalyKind kind) => kind is AnomalyKind.AbandonedInQueue or AnomalyKind.AbandonedWhileOffered or AnomalyKind.Discarded;

    // The router's reservation read after the agent was offered the task: the router's clock runs
    // ahead of the PG's, and ctisvr's pre-call, on the clock of the offer, is the one to go by.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool RouterAhead(List<LogEvent> events)
    {
        long? reserved = null, offered = null;
        foreach (var e in events)
        {
            if (e.Type == MessageType.DEVICE_TARGET_PRE_CALL_IND && e.Component == LogComponent.Rtr) reserved ??= e.Time;
            else if (e.Type is MessageType.OFFER_TASK_IND or MessageType.OFFER_TASK_EVENT or MessageType.START_TASK_IND or MessageType.START_TASK_EVENT
                     && e.Component is LogComponent.CtiSvr or LogComponent.WebServices) offered ??= e.Time;
            if (reserved is not null || offered is not null) break;
        }
        return offered is not null && reserved is null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static MessageType? IndOf(MessageType type) => type switch
    {
        MessageType.OFFER_TASK_EVENT => MessageType.OFFER_TASK_IND,
        MessageType.START_TASK_EVENT => MessageType.START_TASK_IND,
        MessageType.END_TASK_EVENT => MessageType.END_TASK_IND,
        _ => null,
    };

    // A timing that comes out below zero measures two servers' clocks, not the task: it is unknown,
    // and the anomaly says why.
    private static TaskTimings Plausible(TaskTimings t, List<TaskAnomaly> anomalies)
    {
        if (t.Delay is not < 0 && t.Queue is not < 0 && t.Network is not < 0 && t.Offer is not < 0 && t.Handle is not < 0) return t;
        var negative = new List<string>();
        long? Kept(long? ms, string name)
        {
            if (ms is not < 0) return ms;
            negative.Add($"{name} {ms:N0} ms");
            return null;
        }
        var kept = new TaskTimings(Kept(t.Delay, "delay"), Kept(t.Queue, "queue"), Kept(t.Network, "network"), Kept(t.Offer, "offer"), Kept(t.Handle, "handle"));
        anomalies.Add(new TaskAnomaly(AnomalyKind.ClockSkew, null,
            $"{string.Join(", ", negative)}: a time read on one server's clock came before one it follows on another's; the servers' clocks differ, so {(negative.Count == 1 ? "it is" : "they are")} shown as unknown"));
        return kept;
    }

    [ThreadStatic]
    private static List<FlowEvent>? t_flow;

    private const LogComponent NotChosen = (LogComponent)byte.MaxValue;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LogComponent Chosen(LogComponent[] chosen, MessageType type, LogComponent fallback) =>
        chosen[(int)type] is var c && c != NotChosen && c != LogComponent.Unknown ? c : fallback;

    // The components in their order, each once.
    private static List<LogComponent> ComponentsOf(List<LogEvent> events)
    {
        var seen = 0;
        foreach (var e in events) seen |= 1 << (int)e.Component;
        var components = new List<LogComponent>();
        for (var c = 0; c < 32; c++)
            if ((seen & (1 << c)) != 0) components.Add((LogComponent)c);
        return components;
    }

    // An agent's state in another MRD than the task's (its voice calls, mostly) is not the task's.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool OtherMrd(LogEvent e, Ids ids) => e.Type == MessageType.AGENT_EVENT &&
        (e.MrdId != 0 ? ids.Mrd != 0 && e.MrdId != ids.Mrd : e.VoiceState && ids.Mrd != VoiceCalls.VoiceMrd);

    // An AGENT_EVENT whose state was lost says nothing the trace can use.
    private static bool Usable(LogEvent e) => e.Type != MessageType.AGENT_EVENT || e.AgentState is not null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static FlowEvent ToFlow(int number, LogEvent e, Ids ids, List<LogEvent> events) => new()
    {
        Time = e.Time,
        Message = e.Type!.Value,
        From = e.From,
        To = e.To,
        Task = number,
        ContactId = e.ContactId,
        DialogueId = e.DialogueId,
        TaskId = !e.TaskId.IsNone ? e.TaskId : e.RouterCallKey != 0 && !ids.TaskId.IsNone ? ids.TaskId : IcmTaskId.None,
        ScriptSelector = e.ScriptSelector,
        SkillGroupId = e.SkillGroupId,
        AgentId = e.AgentId != 0 ? e.AgentId : ids.LoginToAgent(e.LoginId) is var agent and not 0 ? agent
            : e.Type == MessageType.DEVICE_TARGET_PRE_CALL_IND ? AgentNear(e, events, ids) : 0,
        LoginId = e.LoginId != 0 ? e.LoginId : ids.AgentToLogin(e.AgentId),
        MrdId = e.MrdId,
        AgentState = e.AgentState ?? default,
        ContactStatus = e.Status,
        Disposition = e.Disposition,
        Text = e.Detail,
    };

    // A pre-call cut before its agent: the agent is the one the same reservation names elsewhere
    // (ctisvr's pre-call, the PIM's DO_THIS_WITH_TASK) at that moment or just after; else the one
    // the task was then offered to, before the next reservation. The task's last agent would be the
    // wrong one whenever the task was routed again (a RONA names the agent who let it ring).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AgentNear(LogEvent e, List<LogEvent> events, Ids ids)
    {
        var start = 0;
        while (start < events.Count && events[start].Time < e.Time - InferenceWindowMs) start++;
        for (var i = start; i < events.Count && events[i].Time <= e.Time + 2_000; i++)
        {
            var o = events[i];
            if (ReferenceEquals(o, e) || o.Type is not (MessageType.DEVICE_TARGET_PRE_CALL_IND or MessageType.DO_THIS_WITH_TASK)) continue;
            var agent = o.AgentId != 0 ? o.AgentId : ids.LoginToAgent(o.LoginId);
            if (agent != 0) return agent;
        }
        for (var i = start; i < events.Count; i++)
        {
            var o = events[i];
            if (o.Time < e.Time || ReferenceEquals(o, e)) continue;
            // The same process's next pre-call is the next reservation: an offer after it is another agent's.
            if (o.Type == MessageType.DEVICE_TARGET_PRE_CALL_IND && o.Component == e.Component) break;
            if (o.Type is MessageType.OFFER_TASK_IND or MessageType.OFFER_TASK_EVENT && o.AgentId != 0) return o.AgentId;
        }
        return ids.Agent;
    }

    // ctisvr's AGENT_EVENT lines in the TechNote are cut before the state; the message handled in
    // the same millisecond tells it (a pre-call reserves, a start makes active, an end frees).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InferAgentStates(List<LogEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Message != "AGENT_EVENT" || e.AgentState is not null || e.Detail is not null) continue;
            AgentState? state = null;
            // Events are in time order: only those within the window can tell.
            int lo = 0, hi = i;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (events[mid].Time < e.Time - InferenceWindowMs) lo = mid + 1;
                else hi = mid;
            }
            for (var j = lo; j < events.Count && state is null && events[j].Time <= e.Time + InferenceWindowMs; j++)
            {
                var o = events[j];
                if (o.Component != e.Component || Math.Abs(o.Time - e.Time) > InferenceWindowMs) continue;
                state = o.Type switch
                {
                    MessageType.DEVICE_TARGET_PRE_CALL_IND or MessageType.AGENT_PRE_CALL_EVENT => AgentState.RESERVED,
                    MessageType.START_TASK_IND or MessageType.START_TASK_EVENT or MessageType.RESUME_TASK_IND => AgentState.ACTIVE,
                    MessageType.PAUSE_TASK_IND or MessageType.PAUSE_TASK_EVENT => AgentState.PAUSED,
                    MessageType.END_TASK_IND or MessageType.END_TASK_EVENT => AgentState.NOT_ACTIVE,
                    _ => null,
                };
            }
            if (state is null) continue;
            e.AgentState = state;
            e.AgentStateInferred = true;
        }
    }

    /// <summary>The ids a task's events agree on.</summary>
    private sealed class Ids
    {
        public IcmTaskId TaskId { get; private set; } = IcmTaskId.None;
        public int Day { get; private set; }
        public int Key { get; private set; }
        public Guid Contact { get; private set; }
        public int Dialogue { get; private set; }
        public int Agent { get; private set; }
        public int Mrd { get; private set; }
        public int SkillGroup { get; private set; }
        public string? Selector { get; private set; }
        private readonly Dictionary<int, int> _loginToAgent = [];
        private readonly Dictionary<int, int> _agentToLogin = [];

        public int LoginToAgent(int login) => login != 0 && _loginToAgent.TryGetValue(login, out var a) ? a : 0;
        public int AgentToLogin(int agent) => agent != 0 && _agentToLogin.TryGetValue(agent, out var l) ? l : 0;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Ids Of(List<LogEvent> events)
        {
            var ids = new Ids();
            var logins = new HashSet<int>();
            var agents = new HashSet<int>();
            var mrdFromTask = false;
            foreach (var e in events)
            {
                // A requeued task's sequence number grows; the task is known by its latest.
                if (!e.TaskId.IsNone && (ids.TaskId.IsNone || (e.TaskId.Day == ids.TaskId.Day && e.TaskId.Key == ids.TaskId.Key && e.TaskId.Sequence > ids.TaskId.Sequence)))
                    ids.TaskId = e.TaskId;
                if (ids.Key == 0 && e.RouterCallKey != 0) (ids.Day, ids.Key) = (e.RouterCallKeyDay, e.RouterCallKey);
                if (ids.Contact == Guid.Empty && e.ContactId != Guid.Empty) ids.Contact = e.ContactId;
                if (ids.Dialogue == 0 && e.DialogueId != 0 && e.Component is LogComponent.Pim or LogComponent.Rtr) ids.Dialogue = e.DialogueId;
                if (e.AgentId != 0) { ids.Agent = e.AgentId; agents.Add(e.AgentId); }
                if (e.LoginId != 0) logins.Add(e.LoginId);
                // The task's MRD is what its messages name; the agent's events may be of its other MRDs,
                // voice's above all.
                if (e.MrdId != 0 && (ids.Mrd == 0 || !mrdFromTask && (e.Type != MessageType.AGENT_EVENT || ids.Mrd == VoiceCalls.VoiceMrd)))
                {
                    mrdFromTask = e.Type != MessageType.AGENT_EVENT;
                    ids.Mrd = e.MrdId;
                }
                if (ids.SkillGroup == 0 && e.SkillGroupId != 0) ids.SkillGroup = e.SkillGroupId;
                ids.Selector ??= e.ScriptSelector;
                if (e.AgentId != 0 && e.LoginId != 0)
                {
                    ids._loginToAgent[e.LoginId] = e.AgentId;
                    ids._agentToLogin[e.AgentId] = e.LoginId;
                }
            }
            // One agent and one login on a task are the same person.
            if (agents.Count == 1 && logins.Count == 1)
            {
                ids._loginToAgent.TryAdd(logins.First(), agents.First());
                ids._agentToLogin.TryAdd(agents.First(), logins.First());
            }
            return ids;
        }
    }
}
