using System.IO.Compression;

namespace Taskroute.Analyzer.Tests;

/// <summary>Gzip files damaged past their start, or too short to be one.</summary>
public sealed class DamagedGzipTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string SeedFolder = Path.Combine(AppContext.BaseDirectory, "Seed");

    [Fact]
    public void A_gzip_file_with_garbage_after_its_data_is_read_up_to_the_damage_and_the_damage_noted()
    {
        var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(File.ReadAllBytes(Path.Combine(SeedFolder, "ctisvr.log")));
        // A second member's header with a compression method no gzip has, then noise.
        packed.Write([0x1f, 0x8b, 0x07, 0x00, .. "garbage that is no deflate data"u8]);
        File.WriteAllBytes(Path.Combine(_dir.Path, "ctisvr.log.gz"), packed.ToArray());

        var report = LogAnalyzer.Analyze([_dir.Path]);
        var source = Assert.Single(report.Sources);
        Assert.Equal(LogComponent.CtiSvr, source.Component);
        Assert.Equal(File.ReadAllLines(Path.Combine(SeedFolder, "ctisvr.log")).Length, source.LinesRead);
        Assert.Single(report.Tasks);
        Assert.Contains(report.Notes, n => n.Contains("could not be read to the end: the gzip data is damaged after", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gzip_file_too_short_to_be_one_is_named_unread()
    {
        File.WriteAllBytes(Path.Combine(_dir.Path, "fake.gz"), [0x1f, 0x8b, 0x08, 0x00, .. "garbage"u8]);
        var report = LogAnalyzer.Analyze([_dir.Path]);
        var source = Assert.Single(report.Sources);
        Assert.Equal(0, source.LinesRead);
        Assert.Contains("too short for a gzip file", source.Problem, StringComparison.Ordinal);
    }
}
