namespace Sagas.Benchmarks.Compare;

/// <summary>
/// Counts the transitions one side makes and the sagas that reach each end, and tells the driver
/// when a number of sagas has finished. Both sides call it the same way: once per transition, and
/// once more when a saga reaches a final state.
/// </summary>
public sealed class OrderTally
{
    private long _transitions;
    private long _completed;
    private long _compensated;
    private long _otherwise;
    private long _target = long.MaxValue;
    private TaskCompletionSource? _reached;

    public long Transitions => Interlocked.Read(ref _transitions);

    public long Completed => Interlocked.Read(ref _completed);

    public long Compensated => Interlocked.Read(ref _compensated);

    /// <summary>Sagas that ended in a final state other than Completed and Compensated (Failed).</summary>
    public long Otherwise => Interlocked.Read(ref _otherwise);

    public long Finished => Completed + Compensated + Otherwise;

    public void Transition() => Interlocked.Increment(ref _transitions);

    public void Finish(string state)
    {
        if (state == "Completed")
        {
            Interlocked.Increment(ref _completed);
        }
        else if (state == "Compensated")
        {
            Interlocked.Increment(ref _compensated);
        }
        else
        {
            Interlocked.Increment(ref _otherwise);
        }

        if (Finished >= Interlocked.Read(ref _target))
        {
            Volatile.Read(ref _reached)?.TrySetResult();
        }
    }

    /// <summary>Completes when <paramref name="target"/> sagas in all have finished; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(long target, TimeSpan timeout)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _reached, reached);
        Interlocked.Exchange(ref _target, target); // a full fence: a saga finishing now sees the target or is counted below
        if (Finished >= target)
        {
            reached.TrySetResult();
        }

        try
        {
            await reached.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new WorkflowFailedException($"only {Finished:N0} of {target:N0} sagas finished within {timeout.TotalSeconds:0} s");
        }
    }
}

/// <summary>A side did not do the work it was given: reported as failed, never as a figure.</summary>
internal sealed class WorkflowFailedException(string message) : Exception(message);
