namespace Sagas.Benchmarks.Compare;

/// <summary>One way of taking a message to one in-process handler, driven in a loop by <see cref="OperationLoop"/>.</summary>
internal interface IHandlerSide : IAsyncDisposable
{
    /// <summary>The name printed in the progress lines.</summary>
    string Name { get; }

    /// <summary>Builds the container and resolves what the loop calls.</summary>
    Task StartAsync();

    /// <summary>Makes <paramref name="count"/> new messages and hands each to the handler; returns the operations done (messages handled, or transitions made).</summary>
    ValueTask<long> RunAsync(int count);

    /// <summary>The operations the handlers themselves counted, to check against the loop's.</summary>
    long Counted { get; }
}

/// <summary>What the handlers of every side do: count the message.</summary>
public sealed class HandlerCount
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add() => Interlocked.Increment(ref _count);
}
