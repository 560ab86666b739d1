namespace Taskroute.Logs.Tests;

public sealed class SeedLogDumpTests
{
    [Fact]
    public void Dump()
    {
        using var dir = new TempDirectory();
        using (var writer = new ComponentLogWriter(dir.Settings())) 
        {
            foreach (var c in ComponentLogNames.All) writer.SetLevel(c, ComponentLogLevel.TRACE);
            foreach (var batch in SeedFlow.Batches()) writer.Write(batch);
        }
        foreach (var c in ComponentLogNames.All) File.WriteAllText($"/tmp/dump-{ComponentLogNames.Of(c)}.log", dir.Read(c));
    }
}
