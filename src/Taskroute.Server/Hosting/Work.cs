using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;

namespace Taskroute.Server.Hosting;

/// <summary>A unit of work for the writer loop. It runs on the loop; its caller hears back after the batch is durable.</summary>
public abstract class Work
{
    internal abstract void Run(EngineHost host, long now);

    internal abstract void Complete();

    /// <summary>Answers with the error instead: the batch could not be made durable.</summary>
    internal abstract void Fail(Exception error);
}

/// <summary>Work with an answer: computed on the loop, handed to the caller once the batch is durable.</summary>
internal abstract class Work<T> : Work
{
    public readonly TaskCompletionSource<T> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;
    private Exception? _error;

    protected abstract T Compute(EngineHost host, long now);

    internal sealed override void Run(EngineHost host, long now)
    {
        try
        {
            _result = Compute(host, now);
        }
        catch (Exception ex)
        {
            _error = ex;
        }
    }

    internal sealed override void Complete()
    {
        if (_error is not null) Done.SetException(_error);
        else Done.SetResult(_result);
    }

    internal sealed override void Fail(Exception error) => Done.TrySetException(error);
}

// fingerprint: the keyed submit's SubmitFingerprint, made before the work reached the loop.
internal sealed class CommandWork(Func<long, Command> make, string? idempotencyKey, Func<RoutingEngine, long, Guid, object?>? view = null,
    ulong fingerprint = SubmitFingerprint.Unknown) : Work<CommandResult>
{
    public Guid ContactId { get; private set; }
    public bool Replayed { get; private set; }

    /// <summary>What the caller asked to see right after the command, read on the loop so it costs no second trip.</summary>
    public object? View { get; private set; }

    /// <summary>The submitting request's trace context, so the task's trace joins it.</summary>
    public System.Diagnostics.ActivityContext Parent { get; init; }

    protected override CommandResult Compute(EngineHost host, long now)
    {
        (var result, ContactId, Replayed) = host.RunCommand(make(now), idempotencyKey, fingerprint);
        if (Parent != default && result.Succeeded && !Replayed) host.Tracing?.Parent(ContactId, Parent);
        if (view is not null && result.Succeeded) View = view(host.Engine, now, ContactId);
        return result;
    }
}

/// <summary>A command decided on the loop from the engine's state (null: nothing to run), with a view read right after.</summary>
internal sealed class DecidedCommandWork<T>(Func<RoutingEngine, long, (Command? Command, T? Refusal)> decide, Func<RoutingEngine, long, T> view)
    : Work<(CommandResult Result, T? View)>
{
    protected override (CommandResult Result, T? View) Compute(EngineHost host, long now)
    {
        var (result, refusal, ran) = Decision.Run(host, now, decide);
        if (!ran) return (result, refusal);
        return (result, result.Succeeded ? view(host.Engine, now) : default);
    }
}

/// <summary>Several commands run back to back in one trip through the loop, stopping at the first refusal.</summary>
internal sealed class CommandSequenceWork(IReadOnlyList<Func<long, Command>> commands) : Work<CommandResult>
{
    protected override CommandResult Compute(EngineHost host, long now)
    {
        if (Beforehand(host, commands, now) is { } refused) return refused;
        var result = CommandResult.Success();
        foreach (var make in commands)
        {
            (result, _, _) = host.RunCommand(make(now), null);
            if (!result.Succeeded) break;
        }
        return result;
    }

    /// <summary>
    /// A refusal any of the commands meets for its own values, asked of all before the first runs:
    /// each that runs is journaled, so a change refused halfway would stay half made.
    /// </summary>
    internal static CommandResult? Beforehand(EngineHost host, IReadOnlyList<Func<long, Command>> commands, long now)
    {
        foreach (var make in commands)
            if (host.Engine.RefusalBeforehand(make(now)) is { } refused) return refused;
        return null;
    }
}

/// <summary>
/// Commands run back to back as <see cref="CommandSequenceWork"/>, whose caller is answered on the
/// journal writer's thread the moment the batch is durable, before its events reach the streams.
/// </summary>
internal sealed class AnsweredCommandSequenceWork(IReadOnlyList<Func<long, Command>> commands, Action<CommandResult, Exception?> answer) : Work
{
    private CommandResult _result;
    private Exception? _error;

    internal override void Run(EngineHost host, long now)
    {
        try
        {
            if (CommandSequenceWork.Beforehand(host, commands, now) is { } refused)
            {
                _result = refused;
                return;
            }
            _result = CommandResult.Success();
            foreach (var make in commands)
            {
                (_result, _, _) = host.RunCommand(make(now), null);
                if (!_result.Succeeded) break;
            }
        }
        catch (Exception ex)
        {
            _error = ex;
        }
    }

    internal override void Complete() => answer(_result, _error);

    internal override void Fail(Exception error) => answer(default, error);
}

internal sealed class QueryWork<T>(Func<RoutingEngine, long, T> query) : Work<T>
{
    protected override T Compute(EngineHost host, long now) => query(host.Engine, now);
}

/// <summary>
/// A command decided on the loop from the engine's state, whose caller is answered by a callback on
/// the journal writer's thread the moment its batch is durable, before the batch's events reach the
/// event streams. The callback must only hand the answer on (it holds up every later batch).
/// </summary>
internal sealed class AnsweredCommandWork<T>(Func<RoutingEngine, long, (Command? Command, T? Refusal)> decide, Action<CommandResult, T?, Exception?> answer) : Work
{
    private CommandResult _result;
    private T? _refusal;
    private Exception? _error;

    internal override void Run(EngineHost host, long now)
    {
        try
        {
            (_result, _refusal, _) = Decision.Run(host, now, decide);
        }
        catch (Exception ex)
        {
            _error = ex;
        }
    }

    internal override void Complete() => answer(_result, _refusal, _error);

    internal override void Fail(Exception error) => answer(default, default, error);
}

/// <summary>Decides a command from the engine's state and runs it; a decision not to run answers its refusal instead.</summary>
internal static class Decision
{
    public static (CommandResult Result, T? Refusal, bool Ran) Run<T>(EngineHost host, long now, Func<RoutingEngine, long, (Command? Command, T? Refusal)> decide)
    {
        var (command, refusal) = decide(host.Engine, now);
        if (command is null) return (CommandResult.Success(), refusal, false);
        var (result, _, _) = host.RunCommand(command, null);
        return (result, default, true);
    }
}
