namespace Sagas;

/// <summary>The router of a process that runs no saga (<see cref="SagasBuilder.WithoutSagas"/>).</summary>
internal sealed class NoSagaRouter : ISagaRouter
{
    public static readonly NoSagaRouter Instance = new();

    public IReadOnlyCollection<string> HandledWireNames => [];

    public void Route(object message, List<SagaRoute> routes)
    {
    }
}
