namespace Sagas;

/// <summary>
/// Told of every saved saga transition; register implementations as singletons to print, count or
/// trace them. Called after the save, on the worker's thread: keep it quick.
/// </summary>
public interface ISagaObserver
{
    /// <summary>A saga instance moved from one state to another, and the move was saved.</summary>
    void OnTransition(SagaTransition transition);
}

/// <summary>A saved move of a saga instance.</summary>
/// <param name="Key">The instance.</param>
/// <param name="FromState">The state before; <see langword="null"/> when the message started the instance.</param>
/// <param name="ToState">The state after.</param>
/// <param name="MessageType">The wire name of the message that caused it.</param>
/// <param name="IsFinal">Whether <paramref name="ToState"/> is final.</param>
public sealed record SagaTransition(SagaKey Key, string? FromState, string ToState, string MessageType, bool IsFinal);
