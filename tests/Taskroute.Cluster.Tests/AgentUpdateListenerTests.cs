using Microsoft.Extensions.Time.Testing;

namespace Taskroute.Cluster.Tests;

/// <summary>An event stream's listener putting its agent's updates back in the order the domain made them, or ending when it cannot.</summary>
public class AgentUpdateListenerTests
{
    private static readonly SiloAddress Home = SiloAddress.New(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 11111), 1);

    private static AgentUpdate Update(long sequence, long epoch = 7, string state = "NOT_ACTIVE") =>
        new(1080, "AGENT_EVENT", 5011, state, "", 0, 0, "media", $"{{\"n\":{sequence}}}", epoch, sequence);

    private static List<long> Read(AgentUpdateListener listener)
    {
        var read = new List<long>();
        while (listener.Updates.TryRead(out var update)) read.Add(update.Sequence);
        return read;
    }

    [Fact]
    public void Updates_that_arrive_out_of_order_are_passed_on_in_the_order_the_domain_numbered_them()
    {
        using var listener = new AgentUpdateListener(new FakeTimeProvider());
        listener.Listening(new AgentUpdatePosition(7, 3, Home));

        listener.OnUpdate(Update(5));
        listener.OnUpdate(Update(6));
        Assert.Empty(Read(listener));
        listener.OnUpdate(Update(4));
        listener.OnUpdate(Update(4));
        listener.OnUpdate(Update(8));
        listener.OnUpdate(Update(7));

        Assert.Equal([4L, 5, 6, 7, 8], Read(listener));
        Assert.Null(listener.Ended);
    }

    [Fact]
    public void Updates_that_arrive_before_the_domain_said_where_they_start_wait_for_it()
    {
        using var listener = new AgentUpdateListener(new FakeTimeProvider());
        // The domain's answer to the subscription and its first updates race each other here too.
        listener.OnUpdate(Update(12));
        listener.OnUpdate(Update(11));
        Assert.Empty(Read(listener));

        listener.Listening(new AgentUpdatePosition(7, 10, Home));

        Assert.Equal([11L, 12], Read(listener));
    }

    [Fact]
    public void A_missing_update_is_waited_for_until_the_gap_timeout_by_the_servers_clock_and_then_the_stream_ends_without_the_later_ones()
    {
        var time = new FakeTimeProvider();
        using var listener = new AgentUpdateListener(time);
        listener.Listening(new AgentUpdatePosition(7, 0, Home));
        listener.OnUpdate(Update(1));
        listener.OnUpdate(Update(3));

        time.Advance(AgentUpdateListener.GapTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Null(listener.Ended);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal("update 2 from the domain did not arrive within 5 s", listener.Ended);
        // Update 3 never goes out ahead of the update 2 the desktop never had.
        Assert.Equal([1L], Read(listener));
        Assert.True(listener.Updates.Completion.IsCompleted);
    }

    [Fact]
    public void A_missing_update_that_arrives_within_the_gap_timeout_lets_the_stream_go_on()
    {
        var time = new FakeTimeProvider();
        using var listener = new AgentUpdateListener(time);
        listener.Listening(new AgentUpdatePosition(7, 0, Home));
        listener.OnUpdate(Update(2));
        time.Advance(TimeSpan.FromSeconds(4));
        listener.OnUpdate(Update(1));
        listener.OnUpdate(Update(4));
        // Update 3's wait starts when the stream reached it, not when update 2's did.
        time.Advance(TimeSpan.FromSeconds(4));
        listener.OnUpdate(Update(3));
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(listener.Ended);
        Assert.Equal([1L, 2, 3, 4], Read(listener));
    }

    [Fact]
    public void A_renewal_that_shows_an_update_never_received_ends_the_stream_once_it_has_had_its_time_to_arrive()
    {
        var time = new FakeTimeProvider();
        using var listener = new AgentUpdateListener(time);
        listener.Listening(new AgentUpdatePosition(7, 0, Home));
        listener.OnUpdate(Update(1));

        // The last update of a burst is lost: nothing after it would show the gap; the renewal does.
        listener.Listening(new AgentUpdatePosition(7, 2, Home));
        time.Advance(AgentUpdateListener.GapTimeout);

        Assert.Equal("update 2 from the domain did not arrive within 5 s", listener.Ended);
        Assert.Equal([1L], Read(listener));
    }

    [Fact]
    public void A_renewal_answered_by_a_new_activation_of_the_domain_ends_the_stream()
    {
        using var listener = new AgentUpdateListener(new FakeTimeProvider());
        listener.Listening(new AgentUpdatePosition(7, 0, Home));
        listener.OnUpdate(Update(1));

        listener.Listening(new AgentUpdatePosition(8, 0, Home));

        Assert.StartsWith("the domain moved to a new activation", listener.Ended, StringComparison.Ordinal);
        // What was in order before the move is still read.
        Assert.Equal([1L], Read(listener));
    }

    [Fact]
    public void An_update_from_a_new_activation_ends_the_stream_and_a_straggler_from_an_earlier_one_is_dropped()
    {
        using var listener = new AgentUpdateListener(new FakeTimeProvider());
        listener.Listening(new AgentUpdatePosition(7, 0, Home));
        listener.OnUpdate(Update(1, epoch: 6));
        listener.OnUpdate(Update(1));
        Assert.Null(listener.Ended);

        listener.OnUpdate(Update(1, epoch: 8));

        Assert.Equal("the domain moved to a new activation", listener.Ended);
        Assert.Equal([1L], Read(listener));
    }

    [Fact]
    public void The_domain_moving_away_ends_the_stream_after_the_updates_it_made_before()
    {
        using var listener = new AgentUpdateListener(new FakeTimeProvider());
        listener.Listening(new AgentUpdatePosition(7, 0, Home));
        listener.OnUpdate(AgentUpdate.MovingAway(1080, 0, 7, 3));
        listener.OnUpdate(Update(2));
        Assert.Null(listener.Ended);

        listener.OnUpdate(Update(1));

        Assert.Equal("the domain is moving to a new activation", listener.Ended);
        Assert.Equal([1L, 2], Read(listener));
    }

    [Fact]
    public void A_reader_that_falls_behind_ends_the_stream_rather_than_losing_updates_silently()
    {
        using var listener = new AgentUpdateListener(new FakeTimeProvider());
        listener.Listening(new AgentUpdatePosition(7, 0, Home));
        for (var n = 1; n <= AgentUpdateListener.Capacity + 1; n++) listener.OnUpdate(Update(n));

        Assert.Equal($"the stream fell {AgentUpdateListener.Capacity} updates behind", listener.Ended);
        Assert.Equal(Enumerable.Range(1, AgentUpdateListener.Capacity).Select(n => (long)n), Read(listener));
    }

    [Fact]
    public void Updates_of_a_domain_on_a_silo_of_the_version_before_pass_as_they_come()
    {
        using var listener = new AgentUpdateListener(new FakeTimeProvider());
        listener.OnUpdate(Update(0, epoch: 0, state: "RESERVED"));
        listener.OnUpdate(Update(0, epoch: 0, state: "ACTIVE"));

        var states = new List<string>();
        while (listener.Updates.TryRead(out var update)) states.Add(update.State);
        Assert.Equal(["RESERVED", "ACTIVE"], states);
    }

    [Fact]
    public void Ending_the_listener_keeps_what_is_already_in_order_and_drops_what_waits()
    {
        using var listener = new AgentUpdateListener(new FakeTimeProvider());
        listener.Listening(new AgentUpdatePosition(7, 0, Home));
        listener.OnUpdate(Update(1));
        listener.OnUpdate(Update(3));

        listener.End("the silo the domain lived on died");
        listener.OnUpdate(Update(2));

        Assert.Equal("the silo the domain lived on died", listener.Ended);
        Assert.Equal([1L], Read(listener));
    }
}
