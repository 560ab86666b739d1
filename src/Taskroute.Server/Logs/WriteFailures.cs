namespace Taskroute.Server.Logs;

/// <summary>
/// What to say of a run of failed component-log writes. A full disk fails every batch, thousands a
/// second: logging each with its stack filled the server's own log by megabytes a second (on the
/// disk that was already full, often). So the first failure of a run is said whole, a reminder
/// comes every <see cref="ReminderEvery"/> batches lost, and the end of the run is said with what
/// it cost.
/// </summary>
public sealed class WriteFailures
{
    public const int ReminderEvery = 10_000;

    private long _lost;

    /// <summary>The batches whose lines were lost in the current run of failures; 0 while writes succeed. Read from any thread.</summary>
    public long Lost { get => Volatile.Read(ref _lost); private set => Volatile.Write(ref _lost, value); }

    /// <summary>Counts a failed batch; answers what to say of it.</summary>
    public Say Failed() => ++Lost == 1 ? Say.First : Lost % ReminderEvery == 0 ? Say.Reminder : Say.Nothing;

    /// <summary>Counts a batch written; answers how many were lost in the run it ends (0: there was none).</summary>
    public long Succeeded()
    {
        var lost = Lost;
        Lost = 0;
        return lost;
    }

    public enum Say
    {
        Nothing,
        First,
        Reminder,
    }
}
