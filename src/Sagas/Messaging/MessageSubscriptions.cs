namespace Sagas;

/// <summary>
/// The wire names of the messages this application consumes: those its sagas handle and those its
/// participants' handlers take. A transport reads these and no others.
/// </summary>
public sealed class MessageSubscriptions
{
    internal MessageSubscriptions(IMessageRegistry registry, ISagaRouter router, IEnumerable<MessageHandlerBinding> handlers)
    {
        WireNames = [.. router.HandledWireNames
            .Concat(handlers.Select(h => registry.GetWireName(h.MessageType)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The wire names, sorted.</summary>
    public IReadOnlyList<string> WireNames { get; }
}
