namespace Taskroute.Cluster.Tests;

/// <summary>
/// A silo's membership table that can be cut off, as a crash or a partition from the database
/// would: once severed every call fails, so a silo stopped afterwards cannot record its own death
/// and the others must find it out and vote it dead.
/// </summary>
internal sealed class SeverableMembershipTable(IMembershipTable inner) : IMembershipTable
{
    private volatile bool _severed;

    public void Sever() => _severed = true;

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, default);

    public Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken) =>
        Guard(() => inner.InitializeMembershipTableAsync(tryInitTableVersion, cancellationToken));

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, default);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken) =>
        Guard(() => inner.DeleteMembershipTableEntriesAsync(clusterId, cancellationToken));

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, default);

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken) =>
        Guard(() => inner.CleanupDefunctSiloEntriesAsync(beforeDate, cancellationToken));

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, default);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) =>
        Guard(() => inner.ReadRowAsync(key, cancellationToken));

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(default);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) => Guard(() => inner.ReadAllAsync(cancellationToken));

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, default);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken) =>
        Guard(() => inner.InsertRowAsync(entry, tableVersion, cancellationToken));

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, default);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken) =>
        Guard(() => inner.UpdateRowAsync(entry, etag, tableVersion, cancellationToken));

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, default);

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken) => Guard(() => inner.UpdateIAmAliveAsync(entry, cancellationToken));

    private Task Guard(Func<Task> call) => _severed ? Task.FromException(Severed()) : call();

    private Task<T> Guard<T>(Func<Task<T>> call) => _severed ? Task.FromException<T>(Severed()) : call();

    private static IOException Severed() => new("membership table severed by the test");
}
