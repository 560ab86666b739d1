namespace Taskroute.Core.Modules.Router;

/// <summary>
/// A target's available agents, longest available first. An agent joins at the tail when it becomes
/// available or takes a task, so the head is always the longest available agent (LAA).
/// </summary>
internal sealed class AvailableAgents
{
    public AgentLink? Head { get; private set; }
    public AgentLink? Tail { get; private set; }
    public int Count { get; private set; }

    public void Append(AgentLink link)
    {
        if (link.Listed) Remove(link);
        link.Previous = Tail;
        link.Next = null;
        if (Tail is not null) Tail.Next = link;
        else Head = link;
        Tail = link;
        link.Listed = true;
        Count++;
    }

    public void Remove(AgentLink link)
    {
        if (!link.Listed) return;
        if (link.Previous is not null) link.Previous.Next = link.Next;
        else Head = link.Next;
        if (link.Next is not null) link.Next.Previous = link.Previous;
        else Tail = link.Previous;
        link.Previous = link.Next = null;
        link.Listed = false;
        Count--;
    }
}
