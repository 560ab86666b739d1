using Taskroute.Core.Commands;
using Taskroute.Core.Engine;

namespace Taskroute.Server.Hosting;

/// <summary>A unit of work for the writer loop. It runs on the loop; its caller hears back after the batch is durable.</summary>
public abstract class Work
{
    internal abstract void Run(EngineHost host, long now);

    internal abstract void Complete();

    /// <summary>Answers with the error instead: the batch could not be made durable.</summary>
    internal abstract void Fail(Exception error);
}

internal sealed class CommandWork(Func<long, Command> make, string? idempotencyKey, Func<RoutingEngine, long, Guid, object?>? view = null) : Work
{
    public readonly TaskCompletionSource<CommandResult> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CommandResult _result;
    private Exception? _error;

    public Guid ContactId { get; private set; }
    public bool Replayed { get; private set; }

    /// <summary>What the caller asked to see right after the command, read on the loop so it costs no second trip.</summary>
    public object? View { get; private set; }

    internal override void Run(EngineHost host, long now)
    {
        try
        {
            (_result, ContactId, Replayed) = host.RunCommand(make(now), idempotencyKey);
            if (view is not null && _result.Succeeded) View = view(host.Engine, now, ContactId);
        }
        catch (Exception ex)
        {
            _error = ex;
        }
    }

    internal override void Complete()
    {
        if (_error is not null) Done.SetException(_error);
        else Done.SetResult(_result);
    }

    internal override void Fail(Exception error) => Done.TrySetException(error);
}

/// <summary>A command decided on the loop from the engine's state (null: nothing to run), with a view read right after.</summary>
internal sealed class DecidedCommandWork<T>(Func<RoutingEngine, long, (Command? Command, T? Refusal)> decide, Func<RoutingEngine, long, T> view) : Work
{
    public readonly TaskCompletionSource<(CommandResult Result, T? View)> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (CommandResult, T?) _result;
    private Exception? _error;

    internal override void Run(EngineHost host, long now)
    {
        try
        {
            var (command, refusal) = decide(host.Engine, now);
            if (command is null)
            {
                _result = (CommandResult.Success(), refusal);
                return;
            }
            var (result, _, _) = host.RunCommand(command, null);
            _result = (result, result.Succeeded ? view(host.Engine, now) : default);
        }
        catch (Exception ex)
        {
            _error = ex;
        }
    }

    internal override void Complete()
    {
        if (_error is not null) Done.SetException(_error);
        else Done.SetResult(_result);
    }

    internal override void Fail(Exception error) => Done.TrySetException(error);
}

internal sealed class QueryWork<T>(Func<RoutingEngine, long, T> query) : Work
{
    public readonly TaskCompletionSource<T> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;
    private Exception? _error;

    internal override void Run(EngineHost host, long now)
    {
        try
        {
            _result = query(host.Engine, now);
        }
        catch (Exception ex)
        {
            _error = ex;
        }
    }

    internal override void Complete()
    {
        if (_error is not null) Done.SetException(_error);
        else Done.SetResult(_result);
    }

    internal override void Fail(Exception error) => Done.TrySetException(error);
}
