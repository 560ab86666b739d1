using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Taskroute.Server.Tests;

/// <summary>
/// A journal damaged in the middle (a page overwritten) behind the snapshot a start restores: the
/// start reads only what follows the snapshot, so the damage shows when a trace reads it.
/// </summary>
public class DamagedJournalTests
{
    [Fact]
    public async Task A_trace_that_reads_a_damaged_page_is_a_503_saying_what_to_do_and_readiness_says_degraded_from_then_on()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-damaged-").FullName;
        try
        {
            var contacts = new List<string>();
            await using (var first = await TestServer.StartAsync(directory))
            {
                for (var i = 0; i < 400; i++)
                {
                    var response = await first.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "n" + i, title = "a title long enough to fill the journal's pages " + new string('x', 200) });
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    contacts.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
                }
            }
            Overwrite(Path.Combine(directory, "journal.db"));

            await using var second = await TestServer.StartAsync(directory);
            Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync("/readyz")).StatusCode);
            var statuses = new List<HttpStatusCode>();
            string? said = null;
            foreach (var contact in contacts)
            {
                using var answer = await second.SendAs("sup1", HttpMethod.Get, "/api/v1/traces/" + contact);
                statuses.Add(answer.StatusCode);
                if (answer.StatusCode == HttpStatusCode.ServiceUnavailable) said ??= await answer.Content.ReadAsStringAsync();
            }
            Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses);
            Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
            Assert.Contains("the journal is restored from a backup", said, StringComparison.Ordinal);
            // Still ready: routing runs on the live engine, and the only server must not leave its load balancer over an old trace.
            using var ready = await second.Client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var readiness = await ready.Content.ReadAsStringAsync();
            Assert.Contains("Degraded", readiness, StringComparison.Ordinal);
            Assert.Contains("damaged", readiness, StringComparison.Ordinal);
            Assert.Matches("(?m)^taskroute_data_damaged(\\{[^}]*\\})? 1(\\s|$)", await second.Client.GetStringAsync("/metrics"));
            await second.DisposeAsync();

            // A start that replays the whole journal reads the damage: refused in one line saying what to do.
            var refused = await CliRun.RunAsync("serve", "--data", directory, "--snapshot-every", "0", "--urls", "http://127.0.0.1:0");
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("is damaged", refused.Error, StringComparison.Ordinal);
            Assert.Contains("the journal is restored from a backup", refused.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("it must be a writable directory", refused.Error, StringComparison.Ordinal);
            // Nor do the stores that read the journal beside the start print a stack trace for it.
            Assert.DoesNotContain("   at ", refused.Error + refused.Out, StringComparison.Ordinal);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    // Moves the write-ahead log into the file, then overwrites a page in the middle of it with garbage.
    private static void Overwrite(string journal)
    {
        long pages, size;
        using (var connection = new SqliteConnection($"Data Source={journal};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
            checkpoint.CommandText = "PRAGMA page_count;";
            pages = (long)checkpoint.ExecuteScalar()!;
            checkpoint.CommandText = "PRAGMA page_size;";
            size = (long)checkpoint.ExecuteScalar()!;
        }
        using var file = new FileStream(journal, FileMode.Open, FileAccess.Write);
        file.Position = pages / 2 * size;
        file.Write(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("damaged ", (int)size / 8))));
    }
}
