namespace Sagas.Benchmarks;

/// <summary>
/// Counts saved saga transitions. In the Streams mode each finished saga frees
/// a slot, so that the driver keeps the same number of sagas in flight.
/// </summary>
internal sealed class TransitionCounter : ISagaObserver
{
    private long _transitions;

    /// <summary>Released once per finished saga, when set.</summary>
    public SemaphoreSlim? Slots { get; init; }

    public long Transitions => Interlocked.Read(ref _transitions);

    public void OnTransition(SagaTransition transition)
    {
        Interlocked.Increment(ref _transitions);
        if (transition.IsFinal)
        {
            Slots?.Release();
        }
    }
}
