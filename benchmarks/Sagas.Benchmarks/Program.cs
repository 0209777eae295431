using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// From the repository root: dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- --filter *Generator*
// Add --job short for a quicker, less precise run. Reports go to artifacts/benchmarks/ (git-ignored).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
    .Run(args, DefaultConfig.Instance.WithArtifactsPath(Path.Combine("artifacts", "benchmarks")));
