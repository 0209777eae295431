namespace Sagas;

/// <summary>
/// Handles one message type outside any saga: a participant that carries out a command and replies
/// with an event. Mark the class <c>[Participant]</c> and register it with the generated
/// <c>builder.Add{ClassName}()</c>, or register one message at a time with
/// <see cref="SagasBuilder.AddHandler{TMessage, THandler}"/>.
/// Like a saga step, a handling is saved with an inbox and an outbox: a message delivered again
/// after it was handled does not run the handler again, and what it sent is relayed once.
/// </summary>
/// <typeparam name="TMessage">A registered command or event.</typeparam>
public interface IMessageHandler<in TMessage>
{
    /// <summary>Handles the message; send and publish through <paramref name="context"/>.</summary>
    ValueTask HandleAsync(TMessage message, MessageContext context, CancellationToken cancellationToken);
}

/// <summary>A registered handler, bound to its message type without reflection.</summary>
/// <param name="Name">The handler's full type name: its inbox is kept under this name.</param>
/// <param name="MessageType">The message type it handles.</param>
/// <param name="Invoke">Resolves the handler and calls it.</param>
internal sealed record MessageHandlerBinding(
    string Name,
    Type MessageType,
    Func<IServiceProvider, object, MessageContext, CancellationToken, ValueTask> Invoke);
