namespace Sagas.Testing;

/// <summary>One saga instance as the store holds it: its state, its data, its history and what it has scheduled.</summary>
/// <typeparam name="TData">The saga's data type.</typeparam>
/// <param name="Details">Everything the store and the scheduler know of it (<see cref="ISagaAdmin.GetInstanceAsync"/>).</param>
/// <param name="Data">Its data, read from the saved document.</param>
public sealed record SagaInstance<TData>(SagaInstanceDetails Details, TData Data)
{
    /// <summary>Its state's name.</summary>
    public string State => Details.State;

    /// <summary>Whether it has finished.</summary>
    public bool IsFinal => Details.IsFinal;

    /// <summary>Its saved steps, oldest first.</summary>
    public IReadOnlyList<SagaHistoryEntry> History => Details.History;

    /// <summary>The states it went through, oldest first: its history's states after each step.</summary>
    public IReadOnlyList<string> States => [.. Details.History.Where(h => h.Note is null).Select(h => h.ToState)];

    /// <summary>Its scheduled messages still to come, soonest first.</summary>
    public IReadOnlyList<Envelope> Scheduled => Details.Scheduled;
}
