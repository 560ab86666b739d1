using System.Text;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Logs;

/// <summary>
/// Writes flow events as the CCE components would log them, one folder and file series per
/// component (<c>&lt;dir&gt;/ctisvr/ctisvr.2024-01-30.1.log</c>). Meant to be fed from one thread
/// (the server's, after each durable batch); levels may be changed and files flushed from any thread.
/// Lines are assembled as bytes in reused buffers, and nothing is formatted for a component that is
/// off or for a line above its level.
/// </summary>
public sealed partial class ComponentLogWriter : IDisposable
{
    // How far ahead in a batch a message looks for an id the engine gives out a step later (a
    // NEW_TASK's DialogueID comes with NEW_CALL, a NewCall's RouterCallKey with the next router message).
    private const int LookAhead = 32;

    private readonly ComponentLogSettings _settings;
    private readonly LogClock _clock;
    private readonly LogFile?[] _files = new LogFile?[ComponentLogNames.All.Count];
    private readonly byte[] _levels;
    private readonly Lock _gate = new();
    private readonly Lock _levelsGate = new();
    private readonly Timer? _timer;
    private readonly byte[] _host;
    private readonly byte[] _ctiProcess;
    private readonly byte[] _pimProcess;
    private readonly byte[] _routerProcess;
    private bool _disposed;

    /// <summary>Opens the writer on the settings' directory, with the levels a previous run left in the levels file.</summary>
    public ComponentLogWriter(ComponentLogSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _clock = new LogClock(settings.UtcOffset);
        _levels = [.. LevelStore.Load(settings.LevelsPath).Select(l => (byte)l)];
        _host = Encoding.UTF8.GetBytes(settings.HostName);
        _ctiProcess = Encoding.UTF8.GetBytes(settings.CtiServerProcess);
        _pimProcess = Encoding.UTF8.GetBytes(settings.PimProcess);
        _routerProcess = Encoding.UTF8.GetBytes(settings.RouterProcess);
        if (settings.FlushInterval > TimeSpan.Zero)
            _timer = new Timer(_ => FlushQuietly(), null, settings.FlushInterval, settings.FlushInterval);
    }

    /// <summary>Every component's current level.</summary>
    public IReadOnlyDictionary<ComponentLog, ComponentLogLevel> Levels =>
        ComponentLogNames.All.ToDictionary(c => c, LevelOf);

    public ComponentLogLevel LevelOf(ComponentLog component) => (ComponentLogLevel)Volatile.Read(ref _levels[(int)component]);

    /// <summary>
    /// Changes a component's level from the next <see cref="Write"/> on, and keeps it in the levels
    /// file so that a restart starts with it.
    /// </summary>
    public void SetLevel(ComponentLog component, ComponentLogLevel level)
    {
        if (!Enum.IsDefined(component)) throw new ComponentLogException($"unknown component {(int)component}");
        if (!Enum.IsDefined(level)) throw new ComponentLogException($"unknown level {(int)level}");
        lock (_levelsGate)
        {
            Volatile.Write(ref _levels[(int)component], (byte)level);
            var all = new ComponentLogLevel[_levels.Length];
            for (var i = 0; i < all.Length; i++) all[i] = (ComponentLogLevel)Volatile.Read(ref _levels[i]);
            LevelStore.Save(_settings.LevelsPath, all);
        }
    }

    /// <summary>As <see cref="SetLevel(ComponentLog, ComponentLogLevel)"/>, by the names the CLI takes (<c>webservices TRACE</c>).</summary>
    public void SetLevel(string component, string level) =>
        SetLevel(ComponentLogNames.ParseComponent(component), ComponentLogNames.ParseLevel(level));

    /// <summary>Writes the lines each component logs for these events, in order. Events must come in time order.</summary>
    public void Write(ReadOnlySpan<FlowEvent> events)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (var i = 0; i < events.Length; i++)
            {
                _clock.Set(events[i].Time);
                Dispatch(events, i);
            }
        }
    }

    /// <summary>Sends every buffered line to its file (for a reader, or before copying the files).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            foreach (var file in _files) file?.Flush();
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var file in _files) file?.Dispose();
        }
    }

    private void FlushQuietly()
    {
        try
        {
            lock (_gate)
            {
                if (_disposed) return;
                foreach (var file in _files) file?.Flush();
            }
        }
        catch (IOException)
        {
            // The next write or flush meets the same problem and reports it to its caller.
        }
    }

    private void Dispatch(ReadOnlySpan<FlowEvent> events, int i)
    {
        ref readonly var e = ref events[i];
        switch (e.Message)
        {
            case MessageType.CREATE_SOCIAL_CONTACT:
            case MessageType.DELETE_SOCIAL_CONTACT:
                CcpRequest(in e);
                break;
            case MessageType.SOCIAL_CONTACT_CREATED:
                RuntimeCreated(in e);
                break;
            case MessageType.SOCIAL_CONTACT_UPDATED:
                EventingUpdated(in e);
                break;
            case MessageType.NEW_TASK:
                PimNewTask(in e, DialogueAhead(events, i, MessageType.NEW_CALL));
                break;
            case MessageType.CANCEL_TASK when e.To == Module.MediaRouting:
                PimCancel(in e, e.DialogueId != 0 ? e.DialogueId : DialogueAhead(events, i, MessageType.RELEASE_CALL));
                break;
            case MessageType.QUEUED_TASK_EVENT when e.From == Module.Router:
                RouterQueued(in e);
                break;
            case MessageType.DO_THIS_WITH_TASK:
                PimDoThisWithTask(in e);
                break;
            case MessageType.NEW_TASK_FAILURE_EVENT when e.From == Module.MediaRouting:
                PimFailure(in e);
                break;
            case MessageType.NEW_CALL:
                var taskId = TaskIdAhead(events, i);
                PimNewCall(in e);
                RouterNewCall(in e, taskId);
                break;
            case MessageType.RELEASE_CALL:
                PimRelease(in e);
                RouterRelease(in e, TaskIdAhead(events, i));
                break;
            case MessageType.CONNECT:
                RouterConnect(in e);
                PimConnect(in e);
                break;
            case MessageType.ROUTE_END:
                RouterRouteEnd(in e);
                PimRouteEnd(in e);
                break;
            case MessageType.DEVICE_TARGET_PRE_CALL_IND:
                RouterPreCall(in e);
                CtiPreCall(in e);
                break;
            case MessageType.AGENT_UPDATE:
                RouterAgentUpdate(in e);
                break;
            case MessageType.REQUEUE_TASK:
                RouterRequeue(in e);
                break;
            case MessageType.MEDIA_LOGIN_REQ:
            case MessageType.MEDIA_LOGOUT_IND:
            case MessageType.MAKE_AGENT_READY_IND:
            case MessageType.MAKE_AGENT_NOT_READY_REQ:
            case MessageType.MAKE_AGENT_ROUTABLE_IND:
            case MessageType.MAKE_AGENT_NOT_ROUTABLE_REQ:
            case MessageType.CHANGE_MAX_TASK_LIMIT_REQ:
            case MessageType.OFFER_TASK_IND:
            case MessageType.START_TASK_IND:
            case MessageType.PAUSE_TASK_IND:
            case MessageType.RESUME_TASK_IND:
            case MessageType.WRAPUP_TASK_IND:
            case MessageType.END_TASK_IND:
                var invokeId = ++_invokeId;
                FinesseCommand(in e, invokeId);
                CtiIndication(in e, invokeId);
                break;
            case MessageType.AGENT_EVENT:
                RememberLogin(in e);
                CtiAgentEvent(in e);
                RouterAgentState(in e);
                FinesseAgentEvent(in e);
                break;
            case MessageType.AGENT_PRE_CALL_EVENT:
            case MessageType.AGENT_PRE_CALL_ABORT_EVENT:
            case MessageType.AGENT_MADE_NOT_ROUTABLE_EVENT:
            case MessageType.OFFER_TASK_EVENT:
            case MessageType.START_TASK_EVENT:
            case MessageType.PAUSE_TASK_EVENT:
            case MessageType.RESUME_TASK_EVENT:
            case MessageType.WRAPUP_TASK_EVENT:
            case MessageType.END_TASK_EVENT:
                CtiTaskEvent(in e);
                FinesseTaskEvent(in e);
                break;
            case MessageType.FAILURE_RESP:
                CtiFailure(in e);
                FinesseFailure(in e);
                break;
            case MessageType.CLOSE_TASK when e.To == Module.Ccp:
                FinesseClose(in e);
                CcpApiClose(in e);
                break;
            case MessageType.TIMER_EXPIRED:
                TimerExpired(in e);
                break;
        }
    }

    private bool On(ComponentLog component, ComponentLogLevel level) => (byte)level <= Volatile.Read(ref _levels[(int)component]);

    /// <summary>The component's file, ready for an entry stamped with the current event's time.</summary>
    private LogFile Entry(ComponentLog component)
    {
        var file = _files[(int)component] ??= new LogFile(
            Path.Combine(_settings.Directory, ComponentLogNames.Of(component)), ComponentLogNames.Of(component),
            _settings.RotationBytes, dated: component is ComponentLog.CtiSvr or ComponentLog.Pim or ComponentLog.Rtr, _settings.MaxFilesPerComponent);
        file.Begin(_clock);
        return file;
    }

    private static bool HasTaskId(in FlowEvent e) => e.TaskId != default && !e.TaskId.IsNone;

    private static int DialogueAhead(ReadOnlySpan<FlowEvent> events, int i, MessageType message)
    {
        var task = events[i].Task;
        for (var j = i + 1; j < events.Length && j <= i + LookAhead; j++)
            if (events[j].Task == task && events[j].Message == message) return events[j].DialogueId;
        return 0;
    }

    private static IcmTaskId TaskIdAhead(ReadOnlySpan<FlowEvent> events, int i)
    {
        if (HasTaskId(in events[i])) return events[i].TaskId;
        var task = events[i].Task;
        for (var j = i + 1; j < events.Length && j <= i + LookAhead; j++)
            if (events[j].Task == task && HasTaskId(in events[j])) return events[j].TaskId;
        return IcmTaskId.None;
    }
}
