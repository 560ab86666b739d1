using BenchmarkDotNet.Attributes;
using Taskroute.Core.Commands;
using Taskroute.Core.Flow;
using Taskroute.Storage;

namespace Taskroute.Benchmarks;

/// <summary>
/// Encoding a submit's command for the journal, on the writer loop, once per durable submit: the
/// serializer's polymorphic path (the baseline) against the writer of <see cref="SubmitTaskJson"/>,
/// which writes the same bytes. The task is the one <c>taskroute bench</c> submits.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class CommandCodecBenchmarks
{
    private readonly SubmitTask _submit = new(1_796_508_050_854, new TaskData
    {
        ContactId = Guid.CreateVersion7(), FeedId = 100000, Name = "Load", Title = "bench", ScriptSelector = "CumulusTask",
        CallVariables = ["bench"],
    });

    [Benchmark(Baseline = true)]
    public byte[] Serializer() => CommandCodec.SerializeUtf8(_submit);

    [Benchmark]
    public byte[] Writer() => CommandCodec.EncodeUtf8(_submit);
}
