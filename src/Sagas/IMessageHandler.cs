namespace Sagas;

/// <summary>
/// Handles one message type outside any saga: a participant that carries out a command and replies
/// with an event. Register it with <see cref="SagasBuilder.AddHandler{TMessage, THandler}"/>.
/// </summary>
/// <typeparam name="TMessage">A registered command or event.</typeparam>
public interface IMessageHandler<in TMessage>
{
    /// <summary>Handles the message; send and publish through <paramref name="context"/>.</summary>
    ValueTask HandleAsync(TMessage message, MessageContext context, CancellationToken cancellationToken);
}

/// <summary>A registered handler, bound to its message type without reflection.</summary>
internal sealed record MessageHandlerBinding(
    Type MessageType,
    Func<IServiceProvider, object, MessageContext, CancellationToken, ValueTask> Invoke);
