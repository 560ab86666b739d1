using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Taskroute.Analyzer.Tests;

/// <summary>Zip, gz and tar.gz inputs, and components told by content whatever the file is called.</summary>
public sealed class ArchiveAndDetectionTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string SeedFolder = Path.Combine(AppContext.BaseDirectory, "Seed");

    // The seed's excerpts under names that point elsewhere: each is recognised by its lines.
    private static readonly Dictionary<string, string> Misnamed = new()
    {
        ["ctisvr.log"] = "rtr.log",
        ["rtr.log"] = "webservices.txt",
        ["pim.log"] = "ccpapi.log",
        ["webservices.log"] = "pim3.log",
        ["ccpapi.log"] = "runtime.log",
        ["runtime.log"] = "ctisvr",
        ["ccppublicapps.log"] = "notes.md",
    };

    [Fact]
    public void Components_are_recognised_by_content_not_name()
    {
        foreach (var (real, fake) in Misnamed) _dir.Write(fake, File.ReadAllText(Path.Combine(SeedFolder, real)));
        var sources = LogSources.Open([_dir.Path]);
        Assert.Equal(LogComponent.CtiSvr, Assert.Single(sources, s => s.Name.EndsWith("rtr.log", StringComparison.Ordinal)).Component);
        Assert.Equal(LogComponent.Rtr, Assert.Single(sources, s => s.Name.EndsWith("webservices.txt", StringComparison.Ordinal)).Component);
        Assert.Equal(LogComponent.Pim, Assert.Single(sources, s => s.Name.EndsWith("ccpapi.log", StringComparison.Ordinal)).Component);
        Assert.Equal(LogComponent.WebServices, Assert.Single(sources, s => s.Name.EndsWith("pim3.log", StringComparison.Ordinal)).Component);
        Assert.Equal(LogComponent.CcpApi, Assert.Single(sources, s => s.Name.EndsWith("runtime.log", StringComparison.Ordinal)).Component);
        Assert.Equal(LogComponent.Runtime, Assert.Single(sources, s => s.Name.EndsWith("ctisvr", StringComparison.Ordinal)).Component);
        Assert.Equal(LogComponent.CcpPublicApps, Assert.Single(sources, s => s.Name.EndsWith("notes.md", StringComparison.Ordinal)).Component);
        AssertSeedTask(LogAnalyzer.Analyze(sources));
    }

    [Fact]
    public void A_zip_of_the_logs_reads_like_the_folder()
    {
        var zip = Path.Combine(_dir.Path, "logs.zip");
        ZipFile.CreateFromDirectory(SeedFolder, zip);
        var sources = LogSources.Open([zip]);
        Assert.Equal(7, sources.Count);
        Assert.All(sources, s => Assert.StartsWith(zip + "!", s.Name, StringComparison.Ordinal));
        AssertSeedTask(LogAnalyzer.Analyze(sources));
    }

    [Fact]
    public void Gz_files_and_a_tar_gz_mix_with_plain_files_each_named_as_on_disk()
    {
        foreach (var name in new[] { "ctisvr.log", "pim.log" })
        {
            using var gz = new GZipStream(File.Create(Path.Combine(_dir.Path, name + ".gz")), CompressionLevel.Fastest);
            gz.Write(File.ReadAllBytes(Path.Combine(SeedFolder, name)));
        }
        using (var file = File.Create(Path.Combine(_dir.Path, "finesse.tgz")))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz))
        {
            foreach (var name in new[] { "webservices.log", "rtr.log" })
                tar.WriteEntry(Path.Combine(SeedFolder, name), "logs/" + name);
        }
        foreach (var name in new[] { "ccpapi.log", "runtime.log", "ccppublicapps.log" })
            File.Copy(Path.Combine(SeedFolder, name), Path.Combine(_dir.Path, name));

        var sources = LogSources.Open([_dir.Path]);
        Assert.Equal(7, sources.Count);
        Assert.Contains(sources, s => s.Name.EndsWith("finesse.tgz!logs/webservices.log", StringComparison.Ordinal) && s.Component == LogComponent.WebServices);
        // Named as the file on disk is, so that a timeline's source:line names a file that is there.
        Assert.Contains(sources, s => s.Name.EndsWith("ctisvr.log.gz", StringComparison.Ordinal) && s.Component == LogComponent.CtiSvr);
        AssertSeedTask(LogAnalyzer.Analyze(sources));
    }

    [Fact]
    public void A_missing_path_is_named_as_unread_and_the_rest_are_read()
    {
        var seed = Path.Combine(_dir.Path, "ctisvr.log");
        File.Copy(Path.Combine(SeedFolder, "ctisvr.log"), seed);
        var missing = Path.Combine(_dir.Path, "nope", "x.log");
        var sources = LogSources.Open([seed, missing]);
        Assert.Equal(LogComponent.CtiSvr, sources[0].Component);
        Assert.Equal((missing, LogSources.MissingProblem), (sources[1].Name, sources[1].Problem));
        var report = LogAnalyzer.Analyze(sources);
        Assert.Single(report.Tasks);
        Assert.Contains(report.Notes, n => n == $"{missing}: could not be read: no such file or folder");
    }

    [Fact]
    public void A_file_its_folder_lists_but_that_cannot_be_opened_is_named_and_the_rest_are_read()
    {
        if (!OperatingSystem.IsLinux()) return;
        File.Copy(Path.Combine(SeedFolder, "ctisvr.log"), Path.Combine(_dir.Path, "ctisvr.log"));
        // A name in Latin-1, as a Windows share copied it: not UTF-8, so .NET lists it with its bytes replaced.
        var bad = System.Text.Encoding.UTF8.GetBytes(Path.Combine(_dir.Path, "rtr")).Concat(new byte[] { 0xE9, (byte)'.', (byte)'l', (byte)'o', (byte)'g', 0 }).ToArray();
        Assert.Equal(0, Creat(bad, 0b110_100_100) is var fd and >= 0 ? Close(fd) : -1);
        var report = LogAnalyzer.Analyze([_dir.Path]);
        Assert.Single(report.Tasks);
        Assert.Contains(report.Notes, n => n.Contains("cannot be opened by that name", StringComparison.Ordinal));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "creat", SetLastError = true)]
    private static extern int Creat(byte[] path, int mode);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    [Fact]
    public void Empty_binary_and_broken_inputs_never_throw()
    {
        _dir.Write("empty.log", "");
        File.WriteAllBytes(Path.Combine(_dir.Path, "random.bin"), [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7919 % 251))]);
        File.WriteAllBytes(Path.Combine(_dir.Path, "broken.zip"), [(byte)'P', (byte)'K', 3, 4, 1, 2, 3]);
        File.WriteAllBytes(Path.Combine(_dir.Path, "broken.gz"), [0x1f, 0x8b, 8, 0, 0, 0]);
        _dir.Write("long-line.log", "08:00:00:000 cg3A-ctisvr Trace: AGENT_EVENT: ID=" + new string('9', 300_000) + "\n" + new string('x', 200_000));
        _dir.Write("odd.log", string.Join('\n', "08:00:00:000 cg3A-ctisvr Session 3: MsgType:", "08:00:00:000 cg3A-ctisvr Session x:", "99:99:99:999 ra-rtr Trace: NewCall: CID=(1,",
            "08:00:00:000 ra-rtr Trace: (99999999999 x 0 : 0 0) NewCall: CID=(-5,-7)", "1: [INFO]: [call-id [", "0000: h: Feb 30 2024 08:00:00.000 -0500: %X-6-Y:",
            "08:00:00:000 PG2A-pim3 Trace: Application->PG:", "Message = ", "IcmTaskID = 1:2:", "08:00:00:000 cg3A-ctisvr Trace: SendARMMsg: ARM_-- InvokeID = 0xZZ"));

        var sources = LogSources.Open([_dir.Path]);
        var report = LogAnalyzer.Analyze(sources);
        Assert.Empty(report.Tasks);
        Assert.Contains(report.Sources, s => s.Problem is not null);
        Assert.Contains(report.Notes, n => n.Contains("random.bin", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_in_memory_is_a_source_too()
    {
        var source = LogSource.FromText("pasted", File.ReadAllText(Path.Combine(SeedFolder, "pim.log")));
        Assert.Equal(LogComponent.Pim, source.Component);
        var report = LogAnalyzer.Analyze([source], new AnalyzerOptions { Date = new DateOnly(2024, 1, 30), IcmOffset = TimeSpan.FromHours(-5) });
        var task = Assert.Single(report.Tasks);
        Assert.Equal("154526:37051928:1", task.Id);
        Assert.Equal("option", Assert.Single(report.Sources).DateFrom);
        Assert.Equal(Encoding.UTF8.GetByteCount(File.ReadAllText(Path.Combine(SeedFolder, "pim.log"))), report.BytesRead);
    }

    [Fact]
    public void A_file_reached_twice_is_read_once_and_a_link_back_up_the_tree_is_not_followed_round()
    {
        var logs = Path.Combine(_dir.Path, "logs");
        Directory.CreateDirectory(logs);
        foreach (var file in Directory.EnumerateFiles(SeedFolder)) File.Copy(file, Path.Combine(logs, Path.GetFileName(file)));
        // A cycle, and a second way to the same folder.
        Directory.CreateSymbolicLink(Path.Combine(logs, "up"), _dir.Path);
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "same"), logs);

        var sources = LogSources.Open([logs, _dir.Path, Path.Combine(logs, "ctisvr.log"), Path.Combine(_dir.Path, "same")]);
        Assert.Equal(7, sources.Count);
        var report = LogAnalyzer.Analyze(sources);
        AssertSeedTask(report);
        // Read twice, the reservation would have come again and the task shown as reserved but never offered.
        Assert.DoesNotContain(report.Tasks[0].Anomalies, a => a.Kind == AnomalyKind.ReservedNeverOffered);
    }

    [Fact]
    public void A_copied_log_and_logs_whose_hours_overlap_show_each_line_once()
    {
        var logs = Path.Combine(_dir.Path, "collected");
        Directory.CreateDirectory(Path.Combine(logs, "again"));
        foreach (var file in Directory.EnumerateFiles(SeedFolder)) File.Copy(file, Path.Combine(logs, Path.GetFileName(file)));
        // A copy of ctisvr's log under another name, and the second half of the router's log in a file of its own.
        File.Copy(Path.Combine(SeedFolder, "ctisvr.log"), Path.Combine(logs, "again", "ctisvr-copy.txt"));
        var router = File.ReadAllLines(Path.Combine(SeedFolder, "rtr.log"));
        File.WriteAllLines(Path.Combine(logs, "again", "rtr-later.txt"), router.Skip(router.Length / 2));

        var once = LogAnalyzer.Analyze([SeedFolder]);
        var report = LogAnalyzer.Analyze([logs]);
        AssertSeedTask(report);
        Assert.Equal(once.Tasks[0].Timeline.Count, report.Tasks[0].Timeline.Count);
        Assert.DoesNotContain(report.Tasks[0].Anomalies, a => a.Kind == AnomalyKind.ReservedNeverOffered);
        Assert.Contains(report.Notes, n => n.Contains("appear in two files", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_sides_of_a_duplexed_router_show_each_router_message_once()
    {
        var logs = Path.Combine(_dir.Path, "duplex");
        Directory.CreateDirectory(logs);
        foreach (var file in Directory.EnumerateFiles(SeedFolder)) File.Copy(file, Path.Combine(logs, Path.GetFileName(file)));
        // Side B's router handles every message in step with side A's and logs it as rb-rtr.
        File.WriteAllText(Path.Combine(logs, "rtr-sideB.log"), File.ReadAllText(Path.Combine(SeedFolder, "rtr.log")).Replace("ra-rtr", "rb-rtr", StringComparison.Ordinal));

        var once = LogAnalyzer.Analyze([SeedFolder]);
        {
            var report = LogAnalyzer.Analyze([logs]);
            AssertSeedTask(report);
            Assert.Equal(once.Tasks[0].Timeline.Select(e => e.Message), report.Tasks[0].Timeline.Select(e => e.Message));
            Assert.DoesNotContain(report.Tasks[0].Anomalies, a => a.Kind == AnomalyKind.ReservedNeverOffered);
            Assert.Contains(report.Notes, n => n.Contains("both sides of a duplexed process", StringComparison.Ordinal));
            Assert.DoesNotContain(report.Notes, n => n.Contains("appear in two files", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void One_file_holding_every_components_lines_reads_each_line_as_its_own_kind()
    {
        // Notes pasted together, as the TechNote prints its excerpts: ICM traces, CCP's and Finesse's lines in one file.
        var order = new[] { "webservices.log", "ctisvr.log", "ccppublicapps.log", "pim.log", "runtime.log", "rtr.log", "ccpapi.log" };
        var text = string.Join("\n", order.Select(f => File.ReadAllText(Path.Combine(SeedFolder, f))));
        var source = LogSource.FromText("case-notes.txt", text);
        Assert.True(source.Mixed);

        var report = LogAnalyzer.Analyze([source]);
        AssertSeedTask(report);
        var task = report.Tasks[0];
        Assert.Equal(Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a"), task.ContactId);
        Assert.Equal(TimeSpan.FromHours(-5), report.IcmOffset);
        Assert.Contains(task.Timeline, e => e.Component == LogComponent.WebServices);
        Assert.Contains(task.Timeline, e => e.Component == LogComponent.Pim);
        // The CCP lines, cut before any id, join no task, but are read as CCP's and date the ICM lines.
        Assert.Equal(new DateOnly(2024, 1, 30), DateOnly.FromDateTime(task.StartedAt!.Value.DateTime));
    }

    [Fact]
    public void A_zip_cut_short_is_read_entry_by_entry_up_to_the_cut_and_said_to_be_cut()
    {
        var whole = Path.Combine(_dir.Path, "logs.zip");
        ZipFile.CreateFromDirectory(SeedFolder, whole);
        var bytes = File.ReadAllBytes(whole);
        // Without only its end (the central directory), every entry is there.
        var directoryStart = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 6));
        var noEnd = Path.Combine(_dir.Path, "no-end.zip");
        File.WriteAllBytes(noEnd, bytes[..directoryStart]);
        var report = LogAnalyzer.Analyze(LogSources.Open([noEnd]));
        Assert.Equal(7, report.Sources.Count);
        AssertSeedTask(report);
        Assert.Contains(report.Notes, n => n.Contains("cut short", StringComparison.Ordinal));

        // Cut in the middle of an entry: what comes before the cut is read.
        var half = Path.Combine(_dir.Path, "half.zip");
        File.WriteAllBytes(half, bytes[..(directoryStart / 2)]);
        var partial = LogAnalyzer.Analyze(LogSources.Open([half]));
        Assert.InRange(partial.Sources.Count, 1, 6);
        Assert.Contains(partial.Sources, s => s.LinesRead > 0);
        Assert.Contains(partial.Notes, n => n.Contains("cut short", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gz_cut_short_is_read_up_to_the_cut_and_said_to_be_cut()
    {
        var whole = Path.Combine(_dir.Path, "whole.log.gz");
        using (var gz = new GZipStream(File.Create(whole), CompressionLevel.Fastest))
            for (var i = 0; i < 20; i++) gz.Write(File.ReadAllBytes(Path.Combine(SeedFolder, "ctisvr.log")));
        var bytes = File.ReadAllBytes(whole);
        var cut = Path.Combine(_dir.Path, "cut.log.gz");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        var read = LogAnalyzer.Analyze(LogSources.Open([whole]));
        Assert.Null(Assert.Single(read.Sources).Problem);
        var report = LogAnalyzer.Analyze(LogSources.Open([cut]));
        var source = Assert.Single(report.Sources);
        Assert.Equal(LogComponent.CtiSvr, source.Component);
        Assert.True(source.LinesRead > 0);
        Assert.Contains("cut short", source.Problem, StringComparison.Ordinal);
        Assert.Contains(report.Notes, n => n.Contains("could not be read to the end", StringComparison.Ordinal));
    }

    // The seed's logs in a tar (each entry a 512-byte header and its data), then a ctisvr log of noise
    // large enough that a copy stopping halfway stops inside it.
    private static byte[] TarOfSeedAndNoise()
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(SeedFolder).Order(StringComparer.Ordinal))
                writer.WriteEntry(file, "logs/" + Path.GetFileName(file));
            var noise = new StringBuilder();
            for (var i = 0; noise.Length < 213_000; i++)
                noise.Append(CultureInfo.InvariantCulture, $"14:{5 + i / 3600 % 50:00}:{i / 60 % 60:00}:{i % 1000:000} cg3A-ctisvr Trace: noise {(uint)(i * 2654435761u):x8}{(uint)(i * 40503u + 7):x8}\n");
            var entry = new UstarTarEntry(TarEntryType.RegularFile, "logs/zz-noise.log") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(noise.ToString())) };
            writer.WriteEntry(entry);
        }
        return tar.ToArray();
    }

    [Fact]
    public void A_tar_cut_short_is_read_up_to_the_cut_and_said_to_be_cut()
    {
        var bytes = TarOfSeedAndNoise();
        var cut = Path.Combine(_dir.Path, "cut-in-last-entry.tar");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        var report = LogAnalyzer.Analyze(LogSources.Open([cut]));
        Assert.Equal(8, report.Sources.Count);
        AssertSeedTask(report);
        var noise = Assert.Single(report.Sources, s => s.Name.EndsWith("!logs/zz-noise.log", StringComparison.Ordinal));
        Assert.True(noise.LinesRead > 0);
        Assert.Contains(report.Notes, n => n.StartsWith(noise.Name, StringComparison.Ordinal) && n.Contains("stops inside this entry", StringComparison.Ordinal) &&
            n.Contains("cut short", StringComparison.Ordinal));
        Assert.All(report.Sources.Where(s => s != noise), s => Assert.Null(s.Problem));
    }

    [Fact]
    public void A_tar_gz_cut_short_is_read_up_to_the_cut_and_said_to_be_cut()
    {
        var tgz = new MemoryStream();
        using (var gz = new GZipStream(tgz, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(TarOfSeedAndNoise());
        var bytes = tgz.ToArray();
        var cut = Path.Combine(_dir.Path, "cut2.tar.gz");
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 3)]);

        var report = LogAnalyzer.Analyze(LogSources.Open([cut]));
        AssertSeedTask(report);
        Assert.Contains(report.Notes, n => n.Contains("zz-noise.log", StringComparison.Ordinal) && n.Contains("cut short", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tar_cut_inside_a_log_keeps_the_lines_before_the_cut_and_one_cut_after_an_entry_says_later_ones_are_lost()
    {
        var bytes = TarOfSeedAndNoise();
        using var tar = new TarReader(new MemoryStream(bytes));
        // Where each entry's data starts in the tar: its header's 512 bytes after the previous entry's padded data.
        var starts = new Dictionary<string, long>();
        long at = 0;
        while (tar.GetNextEntry() is { } entry)
        {
            starts[entry.Name] = at + 512;
            at += 512 + (entry.Length + 511) / 512 * 512;
        }
        var inside = Path.Combine(_dir.Path, "inside.tar");
        File.WriteAllBytes(inside, bytes[..(int)(starts["logs/pim.log"] + 300)]);
        var report = LogAnalyzer.Analyze(LogSources.Open([inside]));
        var pim = Assert.Single(report.Sources, s => s.Name.EndsWith("!logs/pim.log", StringComparison.Ordinal));
        Assert.Equal(LogComponent.Pim, pim.Component);
        Assert.True(pim.LinesRead > 0);
        Assert.Contains("stops inside this entry", pim.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Sources, s => s.Name.EndsWith("!logs/rtr.log", StringComparison.Ordinal));

        var after = Path.Combine(_dir.Path, "after.tar");
        File.WriteAllBytes(after, bytes[..(int)(starts["logs/rtr.log"] - 512 + 100)]);
        var whole = Assert.Single(LogAnalyzer.Analyze(LogSources.Open([after])).Sources, s => s.Name.EndsWith("!logs/pim.log", StringComparison.Ordinal));
        Assert.Contains("cut short after this entry", whole.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Folders_with_nothing_to_read_say_so()
    {
        var empty = Path.Combine(_dir.Path, "empty");
        Directory.CreateDirectory(empty);
        Assert.Contains(LogAnalyzer.Analyze(LogSources.Open([empty])).Notes, n => n.Contains("No files to read", StringComparison.Ordinal));
        _dir.Write("noise/readme.txt", "nothing here that any of the seven logs would write\nsecond line\n");
        Assert.Contains(LogAnalyzer.Analyze(LogSources.Open([Path.Combine(_dir.Path, "noise")])).Notes, n => n.Contains("None of the files read", StringComparison.Ordinal));
    }

    private static void AssertSeedTask(AnalysisReport report)
    {
        var task = Assert.Single(report.Tasks);
        Assert.Equal("154526:37051928:1", task.TaskId.ToString());
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 8, 56, 53, 745, TimeSpan.FromHours(-5)), task.StartedAt);
        Assert.All(task.Steps, s => Assert.True(s.Found));
    }
}
