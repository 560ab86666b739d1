using Taskroute.Core.Flow;

namespace Taskroute.Core.Tests.Flow;

public class IdempotencyKeysTests
{
    private static readonly Guid First = Guid.NewGuid();

    [Fact]
    public void A_key_kept_before_keys_were_scoped_by_feed_finds_its_task_only_for_the_very_same_request()
    {
        var keys = new IdempotencyKeys();
        // As a journal written by an older build holds it: under its API alone.
        keys.Remember("ccp:order-1", First, 1_000, fingerprint: 42);

        Assert.True(keys.TryFind(IdempotencyKeys.Scoped("ccp", 100000, "order-1"), 2_000, 42, out var found));
        Assert.Equal(First, found.Contact);
        // Another request under the old key is another client's, or another feed's: a new task, never the first.
        Assert.False(keys.TryFind(IdempotencyKeys.Scoped("ccp", 100003, "order-1"), 2_000, 7, out _));
        Assert.False(keys.TryFind(IdempotencyKeys.Scoped("ccp", 100000, "order-1"), 2_000, SubmitFingerprint.Unknown, out _));
        Assert.False(keys.TryFind(IdempotencyKeys.Scoped("api", 100000, "order-1"), 2_000, 42, out _));
    }

    [Fact]
    public void The_same_key_on_two_feeds_names_two_tasks()
    {
        var keys = new IdempotencyKeys();
        keys.Remember(IdempotencyKeys.Scoped("api", 100003, "k"), First, 1_000, 42);
        Assert.True(keys.TryFind(IdempotencyKeys.Scoped("api", 100003, "k"), 2_000, 42, out _));
        Assert.False(keys.TryFind(IdempotencyKeys.Scoped("api", 100000, "k"), 2_000, 42, out _));
        // A key with colons of its own is kept whole.
        keys.Remember(IdempotencyKeys.Scoped("api", 100000, "a:b:c"), First, 1_000, 9);
        Assert.True(keys.TryFind(IdempotencyKeys.Scoped("api", 100000, "a:b:c"), 2_000, 9, out _));
        Assert.False(keys.TryFind(IdempotencyKeys.Scoped("api", 100000, "a:b"), 2_000, 9, out _));
    }

    [Fact]
    public void A_key_kept_before_the_feeds_scope_never_passes_for_another_feeds_key()
    {
        var keys = new IdempotencyKeys();
        // An older build kept the client's key "7:abc" as "api:7:abc".
        keys.Remember("api:7:abc", First, 1_000, fingerprint: 42);
        // Feed 7's client sending "abc" is another client with another key.
        Assert.False(keys.TryFind(IdempotencyKeys.Scoped("api", 7, "abc"), 2_000, 9, out _));
        // The old client's very same request still finds its task.
        Assert.True(keys.TryFind(IdempotencyKeys.Scoped("api", 100000, "7:abc"), 2_000, 42, out _));
    }
}
