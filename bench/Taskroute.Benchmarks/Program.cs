using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Taskroute.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
