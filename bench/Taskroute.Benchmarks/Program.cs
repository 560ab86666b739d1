using BenchmarkDotNet.Running;
using Taskroute.Benchmarks;

// dotnet run -c Release --project bench/Taskroute.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Taskroute.Benchmarks -- analyze [megabytes] [folder]
// dotnet run -c Release --project bench/Taskroute.Benchmarks -- eventsize
// dotnet run -c Release --project bench/Taskroute.Benchmarks -- queuedsize [tasks]   # heap per queued task; snapshot time
// TASKROUTE_TEST_POSTGRES=... dotnet run -c Release --project bench/Taskroute.Benchmarks -- cluster [seconds]
if (args.Length > 0 && args[0] == "eventsize") EventSize.Run();
else if (args.Length > 0 && args[0] == "analyze") AnalyzerThroughput.Run(args);
else if (args.Length > 0 && args[0] == "queuedsize") QueuedTaskSize.Run(args);
else if (args.Length > 0 && args[0] == "cluster") await ClusterThroughput.Run(args);
else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
