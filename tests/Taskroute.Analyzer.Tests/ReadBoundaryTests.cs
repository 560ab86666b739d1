using System.Text;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// The analysis does not depend on how the bytes arrive: the seed's logs read a few bytes at a time
/// (every multi-line message dump split across reads), with CRLF line ends, without a final newline,
/// from a stream that cannot seek, give the same tasks, timelines and raw lines as the files read whole.
/// </summary>
public sealed class ReadBoundaryTests : IDisposable
{
    private static readonly string SeedFolder = Path.Combine(AppContext.BaseDirectory, "Seed");
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static AnalysisReport FromFolder(string folder) => LogAnalyzer.Analyze([folder]);

    // Every seed log as a stream that cannot seek (so its lines are kept in memory, not read back),
    // handed out a few bytes per read.
    private static AnalysisReport Trickled(Func<string, string> change, int block, int trickle)
    {
        var sources = Directory.GetFiles(SeedFolder).Order(StringComparer.Ordinal).Select(path =>
        {
            var bytes = Encoding.UTF8.GetBytes(change(File.ReadAllText(path)));
            return LogSource.FromStream(path, () => new ByteLineReaderTests.TrickleStream(bytes, trickle), bytes.Length);
        }).ToList();
        return LogAnalyzer.Analyze(sources, new AnalyzerOptions { ReadBlock = block });
    }

    // The story the report tells, event by event, raw lines included.
    private static string Story(AnalysisReport report)
    {
        var text = new StringBuilder();
        foreach (var s in report.Sources) text.AppendLine($"{s.Component} {s.LinesUsed} {s.LinesSkipped} {s.Events}");
        foreach (var t in report.Tasks)
        {
            text.AppendLine($"{t.Id} {t.ContactId} {t.AgentId}/{t.LoginId} {t.OfferedAt:O} {t.StartedAt:O} {t.EndedAt:O} {string.Join(",", t.Anomalies.Select(a => a.Kind))}");
            foreach (var e in t.Timeline) text.AppendLine($"  {e.At:O} {e.Component} {e.Message} {e.Line} {e.Raw}");
        }
        return text.ToString();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(13, 5)]
    [InlineData(100, 64)]
    public void Lines_split_across_reads_give_the_same_analysis(int block, int trickle)
    {
        Assert.Equal(Story(FromFolder(SeedFolder)), Story(Trickled(t => t, block, trickle)));
    }

    [Fact]
    public void Crlf_line_ends_and_no_final_newline_give_the_same_analysis()
    {
        var expected = Story(FromFolder(SeedFolder));
        Assert.Equal(expected, Story(Trickled(t => t.ReplaceLineEndings("\r\n"), 7, 3)));
        Assert.Equal(expected, Story(Trickled(t => t.TrimEnd('\n'), 7, 3)));
        Assert.DoesNotContain(Trickled(t => t.ReplaceLineEndings("\r\n"), 7, 3).Tasks[0].Timeline, e => e.Raw.Contains('\r'));
    }

    [Fact]
    public void Crlf_files_read_back_their_raw_lines_without_the_carriage_returns()
    {
        foreach (var path in Directory.GetFiles(SeedFolder))
            _dir.Write(Path.GetFileName(path), File.ReadAllText(path).ReplaceLineEndings("\r\n"));
        var task = Assert.Single(FromFolder(_dir.Path).Tasks);
        var offer = Assert.Single(task.Timeline, e => e.Message == "OFFER_TASK_IND");
        Assert.Contains("SendARMMsg", offer.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain(task.Timeline, e => e.Raw.Contains('\r'));
        var dump = Assert.Single(task.Timeline, e => e.Message == "NEW_TASK");
        Assert.Contains("\nApplicationString1: ae93f5ad-452d-4c52-8057-8d23864a8a8a\n", dump.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Letters_beyond_ascii_in_a_line_do_not_stop_it_being_read()
    {
        // Finesse's thread names, renamed with letters of two and three bytes.
        static string Renamed(string text) => text.Replace("[EVE", "[ÉVÉ·中", StringComparison.Ordinal);
        foreach (var path in Directory.GetFiles(SeedFolder))
            _dir.Write(Path.GetFileName(path), Renamed(File.ReadAllText(path)));
        var report = FromFolder(_dir.Path);
        Assert.Equal(Renamed(Story(FromFolder(SeedFolder))), Story(report));
        Assert.Contains(Assert.Single(report.Tasks).Timeline, e => e.Raw.EndsWith("[ÉVÉ·中", StringComparison.Ordinal));
    }

    [Fact]
    public void A_line_longer_than_64_kib_is_counted_and_said_to_hide_what_it_names_past_that()
    {
        // A datastore dump whose contact id comes after 65,500 characters of payload.
        var runtime = string.Join('\n',
            "0000000101: 10.10.20.31: Jan 30 2024 09:12:40.120 -0500: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID=3f2a9c10-7b1e-4d2a-9c3e-11aa22bb33cc][Status=unread]: created",
            $"0000000102: 10.10.20.31: Jan 30 2024 09:12:40.300 -0500: %CCBU_____CCP-DS-API-6-CCP_DS_API_MESSAGE: %[payload=<SocialContact><description>{new string('x', 65_500)}</description><id>5d1e2f30-1111-4222-8333-444455556666</id>]: Write",
            "0000000103: 10.10.20.31: Jan 30 2024 09:12:41.000 -0500: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID=7a8b9c0d-1111-4222-8333-444455556666][Status=unread]: created") + "\n";
        _dir.Write("runtime.log", runtime);
        var report = FromFolder(_dir.Path);
        var source = Assert.Single(report.Sources);
        Assert.Equal((3L, 1L), (source.LinesRead, source.LinesCut));
        Assert.Contains(report.Notes, n => n.Contains("runtime.log: 1 line is longer than 64 KiB", StringComparison.Ordinal) && n.Contains("is not seen", StringComparison.Ordinal));
        // The lines after it are read as ever.
        Assert.Contains(report.Tasks, t => t.ContactId == Guid.Parse("7a8b9c0d-1111-4222-8333-444455556666"));
    }
}
