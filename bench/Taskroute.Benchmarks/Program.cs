using BenchmarkDotNet.Running;
using Taskroute.Benchmarks;

// dotnet run -c Release --project bench/Taskroute.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Taskroute.Benchmarks -- analyze [megabytes] [folder]
if (args.Length > 0 && args[0] == "analyze") AnalyzerThroughput.Run(args);
else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
