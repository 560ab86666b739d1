using System.Net.Http.Json;
using Taskroute.Server.Api;

namespace Taskroute.Server.Tests;

public class ContactIdTests
{
    [Fact]
    public void Contact_ids_are_rfc_9562_version_7_guids_carrying_their_creation_time()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_706_622_958_923);
        var id = ContactIds.Next(time);
        var bytes = id.ToByteArray(bigEndian: true);

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, bytes[8] >> 6);
        var ms = 0L;
        for (var i = 0; i < 6; i++) ms = ms << 8 | bytes[i];
        Assert.Equal(time.ToUnixTimeMilliseconds(), ms);
    }

    [Fact]
    public void Contact_ids_made_in_the_same_millisecond_differ_across_many_blocks_of_randomness()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_706_622_958_923);
        // Ten thousand ids use forty blocks of randomness: none repeats, in a block or across them.
        var ids = Enumerable.Range(0, 10_000).Select(_ => ContactIds.Next(time)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(7, id.Version));
    }

    [Fact]
    public void Contact_ids_made_on_different_threads_never_collide()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_706_622_958_923);
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 2_000; i++) ids.Add(ContactIds.Next(time));
        });
        Assert.Equal(16_000, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_submitted_tasks_id_is_a_version_7_guid_of_the_submit_time()
    {
        await using var server = await TestServer.StartAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var response = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "Chat", title = "Help" });
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var id = Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);
        var bytes = id.ToByteArray(bigEndian: true);
        var ms = 0L;
        for (var i = 0; i < 6; i++) ms = ms << 8 | bytes[i];

        Assert.Equal(7, id.Version);
        Assert.InRange(ms, before, after);
    }
}
