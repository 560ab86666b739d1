using Taskroute.Core.Flow;

namespace Taskroute.Logs.Tests;

public sealed class ComponentLogRotationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static FlowEvent AgentEvent(long time) => new()
    {
        Time = time, Message = MessageType.AGENT_EVENT, From = Module.AgentPeripheral, To = Module.Desktop,
        AgentId = 5172, LoginId = 1080, MrdId = 5011, AgentState = AgentState.NOT_ACTIVE, MaxTaskLimit = 3, Routable = true,
    };

    [Fact]
    public void A_file_past_the_size_limit_is_followed_by_the_next_number()
    {
        using (var writer = new ComponentLogWriter(_dir.Settings(rotationBytes: 1000)))
        {
            for (var i = 0; i < 30; i++) writer.Write([AgentEvent(SeedFlow.At(9, 0, i, 0))]);
        }
        var files = _dir.Files(ComponentLog.CtiSvr);
        Assert.True(files.Length >= 3, string.Join(", ", files));
        Assert.Equal("ctisvr.2024-01-30.1.log", files[0]);
        Assert.Equal("ctisvr.2024-01-30.2.log", files[1]);
        foreach (var file in files)
        {
            var text = File.ReadAllText(Path.Combine(_dir.Path, "ctisvr", file));
            // Each file is dated for a reader, and holds whole entries.
            Assert.StartsWith("Events from January 30, 2024\n", text, StringComparison.Ordinal);
            Assert.EndsWith("ReasonCode=0\n", text, StringComparison.Ordinal);
        }
        // Every entry is somewhere: 30 AGENT_EVENTs of two lines each.
        Assert.Equal(30, _dir.Read(ComponentLog.CtiSvr).Split("AGENT_EVENT: ").Length - 1);
    }

    [Fact]
    public void Every_entry_stays_in_the_file_after_its_pages_are_handed_back_to_the_kernel()
    {
        // Two-line entries of about 190 bytes: 60,000 of them pass the 4 MB release step twice.
        const int entries = 60_000;
        using (var writer = new ComponentLogWriter(_dir.Settings(rotationBytes: 64L * 1024 * 1024)))
        {
            for (var i = 0; i < entries; i++) writer.Write([AgentEvent(SeedFlow.At(9, i / 3600 % 60, i / 60 % 60, i % 60))]);
        }
        var file = Assert.Single(_dir.Files(ComponentLog.CtiSvr));
        var lines = File.ReadAllLines(Path.Combine(_dir.Path, "ctisvr", file));
        Assert.True(new FileInfo(Path.Combine(_dir.Path, "ctisvr", file)).Length > 8L * 1024 * 1024);
        Assert.Equal(entries, lines.Count(l => l.Contains("AGENT_EVENT: ", StringComparison.Ordinal)));
        Assert.EndsWith("ReasonCode=0", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_newest_files_are_kept_so_the_logs_cannot_fill_the_disk()
    {
        using (var writer = new ComponentLogWriter(_dir.Settings(rotationBytes: 500, maxFiles: 3)))
        {
            for (var i = 0; i < 60; i++) writer.Write([AgentEvent(SeedFlow.At(9, i / 60, i % 60, 0))]);
            // The next day's files push out the oldest of the day before.
            for (var i = 0; i < 10; i++) writer.Write([AgentEvent(SeedFlow.At(9, 0, i, 0, day: 31))]);
        }
        var files = _dir.Files(ComponentLog.CtiSvr);
        Assert.Equal(3, files.Length);
        Assert.All(files, f => Assert.StartsWith("ctisvr.2024-01-31.", f, StringComparison.Ordinal));
        Assert.Contains("AGENT_EVENT", _dir.Read(ComponentLog.CtiSvr), StringComparison.Ordinal);
    }

    [Fact]
    public void Midnight_at_the_configured_offset_starts_the_next_dates_file()
    {
        using (var writer = new ComponentLogWriter(_dir.Settings()))
        {
            writer.Write([AgentEvent(SeedFlow.At(23, 59, 59, 999)), AgentEvent(SeedFlow.At(0, 0, 0, 1, day: 31))]);
        }
        Assert.Equal(["ctisvr.2024-01-30.1.log", "ctisvr.2024-01-31.1.log"], _dir.Files(ComponentLog.CtiSvr));
        var second = File.ReadAllText(Path.Combine(_dir.Path, "ctisvr", "ctisvr.2024-01-31.1.log"));
        Assert.StartsWith("Events from January 31, 2024\n00:00:00:001 cg3A-ctisvr Trace: AGENT_EVENT: ", second, StringComparison.Ordinal);
        Assert.Equal(["webservices.2024-01-30.1.log", "webservices.2024-01-31.1.log"], _dir.Files(ComponentLog.WebServices));
        Assert.Contains("[Jan 31 2024 00:00:00.001 -0500]", _dir.Read(ComponentLog.WebServices), StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_writer_carries_on_in_the_days_last_file()
    {
        using (var writer = new ComponentLogWriter(_dir.Settings()))
            writer.Write([AgentEvent(SeedFlow.At(9, 0, 0, 0))]);
        using (var writer = new ComponentLogWriter(_dir.Settings()))
            writer.Write([AgentEvent(SeedFlow.At(9, 0, 1, 0))]);

        Assert.Equal(["ctisvr.2024-01-30.1.log"], _dir.Files(ComponentLog.CtiSvr));
        var text = _dir.Read(ComponentLog.CtiSvr);
        Assert.Single(text.Split("Events from").Skip(1));
        Assert.Contains("09:00:01:000 cg3A-ctisvr Trace: AGENT_EVENT", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Flush_makes_the_lines_readable_while_the_writer_is_open()
    {
        using var writer = new ComponentLogWriter(_dir.Settings());
        writer.Write([AgentEvent(SeedFlow.At(9, 0, 0, 0))]);
        writer.Flush();
        using var stream = new FileStream(Path.Combine(_dir.Path, "ctisvr", "ctisvr.2024-01-30.1.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        Assert.Contains("AGENT_EVENT: ID=1080 Periph=5000", reader.ReadToEnd(), StringComparison.Ordinal);
    }
}
