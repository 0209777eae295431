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
//   dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- telemetry [--seconds N] [--rounds R]
//     what the OpenTelemetry SDK costs on the Redis path: the sample's order saga, 16 in flight, with
//     no listener and with the SDK recording every span and metric, alternating for R rounds
//     (default 3) of N s (default 10); transitions/s, worker CPU and bytes allocated per transition.
//   dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- mediatr-bridge [--rounds R]
//     what the generated MediatR bridge adds to a publish: MediatR 5.1.0 Publish to one handler
//     against the same publish through AddMediatRBridge() onto the Sagas bus, alternating for R
//     rounds (default 5); ns and bytes per publish, medians. About 30 s.
//   dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- compare [--sagas N] [--rounds R] [--redis-seconds S] [--only workflow|handler|redis]
//     Sagas beside what users would pick instead, against issue 12's goals, in one Markdown table of
//     medians and ratios: the sample's order workflow in memory against a MassTransit 8.5.12 state
//     machine (N sagas measured after N to warm up, default 20,000); one message to one handler (a
//     participant, a saga transition) against MediatR 5.1.0 and Mediator 3.0.2 Publish; the Redis
//     path at 64 sagas against its commit script's ceiling (S s, default 10; skipped without
//     redis-server). Each of R rounds (default 3) measures every side once, in turn, each in a
//     fresh child process of this executable ("compare-child SIDE"), so that heaps, GC and peak
//     working sets are each side's own. A default run takes about 4 minutes.
//   dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- scale [--seconds N] [--workers 1,2,4] [--single] [--cluster] [--partitions P]
//     the sample's saga handled by 1, 2 and 4 worker processes of this executable ("scale-worker
//     CONFIGURATION PREFIX ...") in one consumer group, on a redis-server of its own, then on a
//     3-master Redis Cluster of its own (loopback, redis-cli --cluster create) with its streams in
//     P partitions (default 6): transitions/s and the CPU per transition of the workers and of
//     Redis (summed over the masters, and each master's), from /proc. --single or --cluster runs
//     only those rows. About a minute for each.
if (args.Length > 0 && args[0] == "redis")
{
    return await RedisThroughput.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "telemetry")
{
    return await TelemetryCost.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "mediatr-bridge")
{
    return await MediatRBridgeCost.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "compare")
{
    return await CompareRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "scale")
{
    return await Sagas.Benchmarks.ScaleOut.ScaleOutRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == Sagas.Benchmarks.ScaleOut.ScaleWorker.Mode)
{
    return await Sagas.Benchmarks.ScaleOut.ScaleWorker.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == CompareChild.Mode)
{
    return await CompareChild.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(CompareChild).Assembly)
    .Run(args, DefaultConfig.Instance.WithArtifactsPath(Path.Combine("artifacts", "benchmarks")));
return 0;
