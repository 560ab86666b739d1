using Taskroute.Core.Flow;

namespace Taskroute.Logs;

/// <summary>
/// What the router last heard about an agent in one MRD, so that its state line can say
/// <c>[na-0:3[0],RA*] to [res-0+1:3[0],R]</c>: state, tasks (+ reserved), limit, and flags
/// (R routable, A available, * available to ICM routing).
/// </summary>
internal readonly record struct RouterAgentView(AgentState State, int NumTasks, int MaxTaskLimit, bool Routable, AgentAvailability Availability)
{
    public static readonly RouterAgentView SignedOut = new(AgentState.LOGOUT, 0, 0, false, AgentAvailability.NotAvailable);

    public static RouterAgentView Of(in FlowEvent e) => new(e.AgentState, e.NumTasks, e.MaxTaskLimit, e.Routable, e.Availability);

    public void WriteTo(LogFile f)
    {
        f.Char('[').Bytes(Abbreviation(State)).Char('-');
        // A reserved task is counted apart, after a plus, as the router writes it.
        if (State == AgentState.RESERVED) f.Int(Math.Max(0, NumTasks - 1)).Bytes("+1"u8);
        else f.Int(NumTasks);
        f.Char(':').Int(MaxTaskLimit).Bytes("[0],"u8);
        if (Routable) f.Char('R');
        if (Availability != AgentAvailability.NotAvailable) f.Char('A');
        if (Availability == AgentAvailability.IcmAvailable) f.Char('*');
        f.Char(']');
    }

    private static ReadOnlySpan<byte> Abbreviation(AgentState state) => state switch
    {
        AgentState.LOGIN => "li"u8,
        AgentState.LOGOUT => "lo"u8,
        AgentState.NOT_READY => "nr"u8,
        AgentState.RESERVED => "res"u8,
        AgentState.ACTIVE => "act"u8,
        AgentState.PAUSED => "pau"u8,
        AgentState.INTERRUPTED => "int"u8,
        AgentState.NOT_ACTIVE => "na"u8,
        AgentState.WORK => "wrk"u8,
        _ => "unk"u8,
    };
}
