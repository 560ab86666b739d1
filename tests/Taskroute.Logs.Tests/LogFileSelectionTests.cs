using System.IO.Compression;

namespace Taskroute.Logs.Tests;

public sealed class LogFileSelectionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2024, 1, 30, 12, 0, 0, SeedFlow.Offset);
    private readonly TempDirectory _dir = new();

    public LogFileSelectionTests()
    {
        // Files of two components, written at known times.
        Put("ctisvr/ctisvr.2024-01-30.1.log", Now.AddMinutes(-10));
        Put("ctisvr/ctisvr.2024-01-29.1.log", Now.AddDays(-1));
        Put("ctisvr/ctisvr.2024-01-01.1.log", Now.AddDays(-29));
        Put("ctisvr/archive/ctisvr.2023-12-01.1.log", Now.AddDays(-60));
        Put("rtr/rtr.2024-01-30.1.log", Now.AddHours(-2));
    }

    public void Dispose() => _dir.Dispose();

    private void Put(string relative, DateTimeOffset modified)
    {
        var path = Path.Combine(_dir.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, relative + "\n");
        File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
    }

    private static string[] Names(IEnumerable<LogFileEntry> files) => [.. files.Select(f => f.RelativePath)];

    [Fact]
    public void Links_in_the_logs_folder_are_passed_over_so_nothing_outside_it_is_served()
    {
        var outside = Directory.CreateTempSubdirectory("taskroute-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "secret.txt"), "not a log\n");
            File.CreateSymbolicLink(Path.Combine(_dir.Path, "ctisvr", "evil.log"), Path.Combine(outside, "secret.txt"));
            Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "ctisvr", "elsewhere"), outside);
            var files = LogFileSelection.Select(_dir.Path, ComponentLog.CtiSvr, new LogFileQuery { Recurs = true });
            Assert.DoesNotContain(files, f => f.RelativePath.Contains("evil", StringComparison.Ordinal) || f.RelativePath.Contains("elsewhere", StringComparison.Ordinal));
            Assert.Contains(files, f => f.RelativePath == "ctisvr/archive/ctisvr.2023-12-01.1.log");
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void A_copy_never_writes_outside_its_folder()
    {
        var source = Path.Combine(_dir.Path, "rtr", "rtr.2024-01-30.1.log");
        var output = Path.Combine(_dir.Path, "out");
        var climbing = new LogFileEntry(ComponentLog.Rtr, source, "../../escaped.log", 1, Now);
        Assert.Throws<ComponentLogException>(() => LogFileSelection.Copy([climbing], output, compress: false, Now));
        Assert.False(File.Exists(Path.Combine(_dir.Path, "..", "escaped.log")));
    }

    [Fact]
    public void A_relative_time_further_back_than_the_calendar_selects_everything()
    {
        var query = LogFileSelection.Relative("days", "99999999", Now);
        Assert.Equal(DateTimeOffset.MinValue, query.From);
    }

    [Fact]
    public void List_shows_a_components_files_with_size_and_time()
    {
        var files = LogFileSelection.List(_dir.Path, ComponentLog.CtiSvr);
        Assert.Equal(["ctisvr/ctisvr.2024-01-01.1.log", "ctisvr/ctisvr.2024-01-29.1.log", "ctisvr/ctisvr.2024-01-30.1.log"], Names(files));
        Assert.Equal("ctisvr/ctisvr.2024-01-30.1.log\n".Length, files[2].Size);
        Assert.Equal(Now.AddMinutes(-10), files[2].Modified);
        Assert.All(files, f => Assert.Equal(ComponentLog.CtiSvr, f.Component));
    }

    [Fact]
    public void List_without_a_component_shows_every_components_files()
    {
        var files = LogFileSelection.List(_dir.Path);
        Assert.Equal(4, files.Count);
        Assert.Equal("rtr/rtr.2024-01-30.1.log", files[^1].RelativePath);
    }

    [Fact]
    public void Recurs_takes_subfolders_too()
    {
        Assert.Contains("ctisvr/archive/ctisvr.2023-12-01.1.log", Names(LogFileSelection.List(_dir.Path, ComponentLog.CtiSvr, recurs: true)));
    }

    [Theory]
    [InlineData("minutes", "30", 1)]
    [InlineData("hours", "3", 2)]
    [InlineData("days", "2", 3)]
    [InlineData("weeks", "1", 3)]
    [InlineData("months", "1", 4)]
    public void Reltime_takes_files_modified_within_the_span_before_now(string unit, string value, int expected)
    {
        var query = LogFileSelection.Relative(unit, value, Now);
        Assert.Equal(expected, LogFileSelection.Select(_dir.Path, null, query).Count);
    }

    [Fact]
    public void Abstime_takes_files_modified_between_two_cce_times_at_the_logs_offset()
    {
        var query = LogFileSelection.Absolute("09:00:01/30/24", "11:50:01/30/24", SeedFlow.Offset);
        Assert.Equal(["ctisvr/ctisvr.2024-01-30.1.log", "rtr/rtr.2024-01-30.1.log"], Names(LogFileSelection.Select(_dir.Path, null, query)));
    }

    [Fact]
    public void Match_filters_by_file_name()
    {
        var query = new LogFileQuery { Match = LogFileSelection.Match(@"2024-01-(29|30)"), Recurs = true };
        Assert.Equal(["ctisvr/ctisvr.2024-01-29.1.log", "ctisvr/ctisvr.2024-01-30.1.log"], Names(LogFileSelection.Select(_dir.Path, ComponentLog.CtiSvr, query)));
    }

    [Fact]
    public void Copy_puts_each_file_under_its_component_folder()
    {
        var files = LogFileSelection.Select(_dir.Path, null, LogFileSelection.Relative("hours", "3", Now));
        var output = Path.Combine(_dir.Path, "out");
        var written = LogFileSelection.Copy(files, output, compress: false, Now);
        Assert.Equal(2, written.Count);
        Assert.Equal("rtr/rtr.2024-01-30.1.log\n", File.ReadAllText(Path.Combine(output, "rtr", "rtr.2024-01-30.1.log")));
    }

    [Fact]
    public void Compress_puts_every_chosen_file_in_one_zip()
    {
        var files = LogFileSelection.List(_dir.Path, null, recurs: true);
        var output = Path.Combine(_dir.Path, "out");
        var zip = Assert.Single(LogFileSelection.Copy(files, output, compress: true, Now));
        Assert.EndsWith(".zip", zip, StringComparison.Ordinal);
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(Names(files), archive.Entries.Select(e => e.FullName).ToArray());
        using var reader = new StreamReader(archive.GetEntry("rtr/rtr.2024-01-30.1.log")!.Open());
        Assert.Equal("rtr/rtr.2024-01-30.1.log\n", reader.ReadToEnd());
    }

    [Fact]
    public void Files_the_writer_holds_open_can_be_copied()
    {
        var settings = _dir.Settings() with { Directory = Path.Combine(_dir.Path, "live") };
        using var writer = new ComponentLogWriter(settings);
        foreach (var batch in SeedFlow.Batches()) writer.Write(batch);
        writer.Flush();
        var files = LogFileSelection.List(settings.Directory);
        Assert.Equal(7, files.Count);
        var zip = Assert.Single(LogFileSelection.Copy(files, Path.Combine(_dir.Path, "out"), compress: true, Now));
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(7, archive.Entries.Count);
    }

    [Theory]
    [InlineData("fortnights", "1", "the unit must be months, weeks, days, hours or minutes (got 'fortnights')")]
    [InlineData("days", "two", "the time value must be a whole number above 0 (got 'two')")]
    [InlineData("days", "0", "the time value must be a whole number above 0 (got '0')")]
    public void A_bad_reltime_is_explained(string unit, string value, string message)
    {
        var error = Assert.Throws<ComponentLogException>(() => LogFileSelection.Relative(unit, value, Now));
        Assert.Equal("reltime: " + message, error.Message);
    }

    [Fact]
    public void A_bad_abstime_is_explained()
    {
        var error = Assert.Throws<ComponentLogException>(() => LogFileSelection.Absolute("2024-01-30", "11:50:01/30/24", SeedFlow.Offset));
        Assert.Equal("abstime: the from time must be hh:mm:MM/DD/YY, for example 08:55:01/30/24 (got '2024-01-30')", error.Message);
        var backwards = Assert.Throws<ComponentLogException>(() => LogFileSelection.Absolute("11:50:01/30/24", "09:00:01/30/24", SeedFlow.Offset));
        Assert.StartsWith("abstime: '09:00:01/30/24' is before", backwards.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_regular_expression_is_explained()
    {
        var error = Assert.Throws<ComponentLogException>(() => LogFileSelection.Match("ctisvr.(2024"));
        Assert.StartsWith("match: 'ctisvr.(2024' is not a valid regular expression (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_without_logs_lists_nothing()
    {
        Assert.Empty(LogFileSelection.List(Path.Combine(_dir.Path, "nothing-here")));
    }
}
