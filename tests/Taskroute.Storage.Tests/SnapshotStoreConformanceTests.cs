using Taskroute.Storage.Postgres;
using Taskroute.Storage.Snapshots;

namespace Taskroute.Storage.Tests;

/// <summary>What every snapshot store must do: keep the newest few, newest first, each exactly as written, across a reopen.</summary>
public abstract class SnapshotStoreConformanceTests
{
    /// <summary>Opens the store named <paramref name="name"/>; the same name opens the same store again.</summary>
    protected abstract ISnapshotStore Open(string name);

    protected static string Name() => "snap_" + Guid.NewGuid().ToString("N")[..12];

    private static byte[] Bytes(int seed, int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed))];

    [Fact]
    public void An_empty_store_holds_no_snapshot() => Assert.Empty(Open(Name()).List());

    [Fact]
    public void The_newest_snapshots_are_kept_newest_first_and_read_back_exactly()
    {
        var name = Name();
        var store = Open(name);
        store.Save(10, Bytes(1, 100));
        store.Save(30, Bytes(3, 300_000));
        store.Save(20, Bytes(2, 200));
        store.Save(40, Bytes(4, 400));

        var reopened = Open(name);
        var held = reopened.List();
        Assert.Equal([40L, 30L], held.Select(s => s.Sequence));
        Assert.Equal(Bytes(4, 400), held[0].Read());
        Assert.Equal(Bytes(3, 300_000), held[1].Read());
    }

    [Fact]
    public void A_snapshot_given_as_part_of_a_buffer_is_kept_as_it_was_when_the_buffer_is_written_over()
    {
        // The server writes each snapshot into the same buffer and hands the store the part it filled.
        var buffer = Bytes(7, 5_000);
        var store = Open(Name());
        store.Save(12, buffer.AsMemory(100, 3_000));
        buffer.AsSpan().Fill(0xEE);
        Assert.Equal(Bytes(7, 5_000)[100..3_100], Assert.Single(store.List()).Read());
    }

    [Fact]
    public void Saving_the_same_record_again_replaces_its_snapshot()
    {
        var store = Open(Name());
        store.Save(5, Bytes(1, 10));
        store.Save(5, Bytes(2, 20));
        Assert.Equal(Bytes(2, 20), Assert.Single(store.List()).Read());
    }

    [Fact]
    public void A_deleted_snapshot_is_gone_after_a_reopen_and_the_others_stay()
    {
        var name = Name();
        var store = Open(name);
        store.Save(10, Bytes(1, 100));
        store.Save(20, Bytes(2, 200));
        store.Delete(20);
        store.Delete(99);
        var held = Assert.Single(Open(name).List());
        Assert.Equal(10, held.Sequence);
        Assert.Equal(Bytes(1, 100), held.Read());
    }
}

public sealed class FileSnapshotStoreTests : SnapshotStoreConformanceTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskroute-snapshots-").FullName;

    protected override ISnapshotStore Open(string name) => new FileSnapshotStore(Path.Combine(_directory, name));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_snapshot_cut_short_by_a_crash_and_foreign_files_are_not_listed_and_are_cleaned_up()
    {
        var folder = Path.Combine(_directory, Name());
        var store = new FileSnapshotStore(folder);
        store.Save(7, new byte[] { 1, 2, 3 });
        File.WriteAllBytes(Path.Combine(folder, "snapshot-0000000000000000009.trs.tmp"), [9]);
        File.WriteAllBytes(Path.Combine(folder, "snapshot-latest.trs"), [9]);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        Assert.Equal([7L], store.List().Select(s => s.Sequence));

        store.Save(8, new byte[] { 4 });
        Assert.False(File.Exists(Path.Combine(folder, "snapshot-0000000000000000009.trs.tmp")));
        Assert.True(File.Exists(Path.Combine(folder, "notes.txt")));
        Assert.Equal([8L, 7L], store.List().Select(s => s.Sequence));
    }

    [Fact]
    public void A_snapshot_that_cannot_be_stored_leaves_no_temporary_file_behind()
    {
        var folder = Path.Combine(_directory, Name());
        var store = new FileSnapshotStore(folder);
        // A folder where the snapshot's file goes makes the last step, the rename, fail, as a full disk makes the write fail.
        var inTheWay = Path.Combine(folder, "snapshot-0000000000000000005.trs");
        Directory.CreateDirectory(inTheWay);
        File.WriteAllText(Path.Combine(inTheWay, "x"), "x");

        Assert.ThrowsAny<IOException>(() => store.Save(5, new byte[] { 1, 2, 3 }));

        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void The_temporary_files_of_unfinished_writes_are_removed_on_asking_and_nothing_else()
    {
        var folder = Path.Combine(_directory, Name());
        var store = new FileSnapshotStore(folder);
        Assert.Empty(store.RemoveLeftovers().Removed);
        store.Save(7, new byte[] { 1, 2, 3 });
        var leftover = Path.Combine(folder, "snapshot-0000000000000000009.trs.tmp");
        File.WriteAllBytes(leftover, []);
        string[] others = ["notes.tmp", "snapshot-latest.trs.tmp", "snapshot-9.trs.tmp"];
        foreach (var other in others) File.WriteAllText(Path.Combine(folder, other), "mine");

        var (removed, notRemoved) = store.RemoveLeftovers();

        Assert.Equal([leftover], removed);
        Assert.Empty(notRemoved);
        Assert.False(File.Exists(leftover));
        Assert.All(others, other => Assert.True(File.Exists(Path.Combine(folder, other))));
        Assert.Equal([7L], store.List().Select(s => s.Sequence));
    }
}

public sealed class PostgresSnapshotStoreTests : SnapshotStoreConformanceTests, IDisposable
{
    private static readonly string? Connection = Environment.GetEnvironmentVariable("TASKROUTE_TEST_POSTGRES");
    private readonly List<PostgresSnapshotStore> _opened = [];

    public PostgresSnapshotStoreTests() =>
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");

    protected override ISnapshotStore Open(string name)
    {
        var store = new PostgresSnapshotStore(Connection!, name);
        _opened.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _opened) store.Dispose();
    }
}
