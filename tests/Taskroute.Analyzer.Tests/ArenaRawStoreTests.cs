using System.Text;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// The store of lines for sources that cannot be read again (archive entries): past a few blocks it
/// writes the oldest out to a temporary file, and every line reads back as it was given, from memory
/// or from the file, while more lines are still being added.
/// </summary>
public sealed class ArenaRawStoreTests
{
    [Fact]
    public void Lines_read_back_whole_from_memory_and_from_the_file_it_writes_the_oldest_blocks_to()
    {
        var store = new ArenaRawStore(blocksInMemory: 2);
        var lines = new List<(long Position, string Text)>();
        var random = new Random(7);
        for (var i = 0; lines.Count == 0 || lines[^1].Position < 6L << 20; i++)
        {
            var text = $"{i:D8}: " + new string((char)('a' + i % 26), random.Next(0, 3000));
            var bytes = Encoding.UTF8.GetBytes(text);
            lines.Add((store.Add(bytes, 0), text));
            // Lines read while others are added: the newest from memory, older ones from the file.
            if (i % 97 == 0)
            {
                var (position, expected) = lines[random.Next(lines.Count)];
                Assert.Equal(expected, Encoding.UTF8.GetString(store.Read(position, position + Encoding.UTF8.GetByteCount(expected))));
            }
        }
        Assert.True(store.BlocksOnDisk >= 4, $"{store.BlocksOnDisk} blocks on disk");
        foreach (var (position, text) in lines)
            Assert.Equal(text, Encoding.UTF8.GetString(store.Read(position, position + Encoding.UTF8.GetByteCount(text))));
    }
}
