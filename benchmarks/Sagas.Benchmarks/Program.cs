using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Sagas.Benchmarks;
using Sagas.Benchmarks.Compare;

// From the repository root:
//   dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- --filter *Generator*
//     the generator and analyzers (BenchmarkDotNet); add --job short for a quicker, less precise run.
//     Reports go to artifacts/benchmarks/ (git-ignored).
//   dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- redis [--seconds N]
//     the sample's order saga on a redis-server of its own (/usr/bin/redis-server): transitions/s,
//     commands and round trips per transition, and the commit script's ceiling; prints a Markdown
//     table. N (default 10) is each row's measured seconds; the whole run takes about 2 minutes.
if (args.Length > 0 && args[0] == "redis")
{
    return await RedisThroughput.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "compare")
{
    return await CompareRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == CompareChild.Mode)
{
    return await CompareChild.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
    .Run(args, DefaultConfig.Instance.WithArtifactsPath(Path.Combine("artifacts", "benchmarks")));
return 0;
